package io.planexec.executor.kafka;

import io.planexec.executor.call.CallOutcome;

/** What worker threads hand to a consumer loop about a task. */
sealed interface Completion {

    TaskEntry entry();

    /** The task's outcome is known. */
    record Outcome(TaskEntry entry, CallOutcome outcome) implements Completion {}

    /** The task's call no longer runs: its key, cap and in-flight permits are free. */
    record Settled(TaskEntry entry) implements Completion {}
}
