package io.planexec.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a step within a plan run.
 *
 * <pre>
 *   PENDING ──▶ RELEASED ──▶ RUNNING ──▶ SUCCEEDED | FAILED | TIMED_OUT | UNKNOWN
 *      │            │           │
 *      │            │           └──▶ CANCELLED   (plan cancelled or timed out while the call ran)
 *      │            └──▶ SUCCEEDED | FAILED | TIMED_OUT | CANCELLED | UNKNOWN   (result without a STARTED notice)
 *      └──▶ SKIPPED (a dependency did not succeed) | CANCELLED | FAILED (unknown tool, bad arguments)
 * </pre>
 *
 * Terminal states never change.
 */
public enum StepStatus {
    /** Waiting for its dependencies. */
    PENDING,
    /** Published to its step topic; no executor has reported yet. */
    RELEASED,
    /** An executor reported that the call started. */
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    /** Not run because a step it depends on did not succeed. */
    SKIPPED,
    CANCELLED,
    /** A non-idempotent call started and its outcome was never reported: it may or may not have taken effect. */
    UNKNOWN;

    private static final Set<StepStatus> TERMINAL =
            EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, SKIPPED, CANCELLED, UNKNOWN);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether a step may move from this state to {@code next}. */
    public boolean canTransitionTo(StepStatus next) {
        return switch (this) {
            case PENDING -> next == RELEASED || next == SKIPPED || next == CANCELLED || next == FAILED;
            case RELEASED -> next == RUNNING || (next.isTerminal() && next != SKIPPED);
            case RUNNING -> next.isTerminal() && next != SKIPPED;
            default -> false;
        };
    }
}
