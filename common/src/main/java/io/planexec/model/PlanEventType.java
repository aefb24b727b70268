package io.planexec.model;

/** The transitions a plan run reports on {@code planexec.events}. */
public enum PlanEventType {
    PLAN_ACCEPTED,
    PLAN_REJECTED,
    STEP_RELEASED,
    STEP_STARTED,
    STEP_FINISHED,
    STEP_SKIPPED,
    STEP_CANCELLED,
    /** A cancel request was accepted: pending steps are cancelled, running ones are reported as they end. */
    PLAN_CANCEL_REQUESTED,
    /** A result arrived for a step or plan that had already ended; it was recorded and ignored. */
    LATE_RESULT_IGNORED,
    /** A request arrived for a plan id that already exists; it did not start a second run. */
    DUPLICATE_REQUEST,
    PLAN_FINISHED,
    /**
     * The result could not be copied to a {@code reply_to} topic (missing, not writable): it is on the results topic
     * only. Published by the planner's reply forwarder after {@link #PLAN_FINISHED}.
     */
    REPLY_UNDELIVERED,
    /**
     * A cancel request changed nothing: no plan has its id (never accepted, or purged), the plan had already finished,
     * or it was being cancelled already. Version 2.
     */
    CANCEL_IGNORED;

    /** The PlanEvent version that added this type: readers of an earlier version do not know it. */
    /** Whether this is the end of a step: {@code STEP_FINISHED}, {@code STEP_SKIPPED} or {@code STEP_CANCELLED}. */
    public boolean isStepEnd() {
        return this == STEP_FINISHED || this == STEP_SKIPPED || this == STEP_CANCELLED;
    }

    public int sinceVersion() {
        return this == REPLY_UNDELIVERED || this == CANCEL_IGNORED ? 2 : 1;
    }
}
