package io.planexec.model;

/**
 * The outcome of a plan run. {@code RUNNING} is the only non-terminal state; every plan ends in exactly one of the
 * others, reported by exactly one PlanResult.
 */
public enum PlanStatus {
    RUNNING,
    /** Every step succeeded. */
    SUCCEEDED,
    /** Some steps succeeded and some did not. */
    PARTIAL,
    /** No step succeeded. */
    FAILED,
    /** The request was invalid (cycle, duplicate id, missing reference, unparseable); nothing ran. */
    REJECTED,
    /** The plan's deadline passed before it finished. */
    TIMED_OUT,
    /** An agent cancelled the plan. */
    CANCELLED;

    public boolean isTerminal() {
        return this != RUNNING;
    }

    /** Whether a plan may move from this state to {@code next}: only from RUNNING, and only to a terminal state. */
    public boolean canTransitionTo(PlanStatus next) {
        return this == RUNNING && next.isTerminal();
    }
}
