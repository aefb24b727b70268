package io.planexec.executor.call;

import io.planexec.model.StepStatus;

/** What a {@link TaskCall} reports as it goes, for metrics. Called from worker and delay threads. */
public interface CallEvents {

    /** An attempt's call begins. */
    void attemptStarted(String tool);

    /** An attempt ended with this status after {@code nanos}. */
    void attemptEnded(String tool, StepStatus status, long nanos);

    /** An attempt's thread (or future) is done: the call no longer runs. */
    void attemptSettled(String tool);

    /** A retry was scheduled. */
    void retried(String tool);

    /** An attempt was cancelled by its timeout. */
    void timedOut(String tool);

    /** Ignores everything. */
    CallEvents NONE = new CallEvents() {
        @Override
        public void attemptStarted(String tool) {}

        @Override
        public void attemptEnded(String tool, StepStatus status, long nanos) {}

        @Override
        public void attemptSettled(String tool) {}

        @Override
        public void retried(String tool) {}

        @Override
        public void timedOut(String tool) {}
    };
}
