package io.planexec.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The planner's note to itself, on {@code planexec.step-results}, that a plan's deadline, a step's outcome check or a
 * step's start-by time fell due. The planner decides such a timer only when it reads the note back: by then it has read every step result that
 * was on the partition before the note, so a planner that was away (stopped, restarting, behind) never ends a step
 * {@code UNKNOWN} or a plan {@code TIMED_OUT} whose result was already there.
 *
 * @param planId the plan
 * @param timer which kind of timer fell due
 * @param stepId for an outcome or start-by check: the step; {@code null} for a deadline
 * @param release for an outcome or start-by check: the release the check is for; {@code 0} for a deadline
 * @param dueAt when the timer fell due
 */
public record TimerCheck(String planId, Kind timer, String stepId, int release, Instant dueAt) {

    /** The kinds of timer decided this way. */
    public enum Kind {
        /** The plan's deadline. */
        DEADLINE,
        /** A non-idempotent step that started has not reported within its timeout and the grace. */
        OUTCOME,
        /**
         * A step released while no executor of its tool ran has not started by its start-by time (and the grace): it
         * fails unless an executor of its tool was seen since its release.
         */
        START_BY
    }

    public TimerCheck {
        AgentRequest.requirePlanId(planId);
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(dueAt, "dueAt");
        if (timer != Kind.DEADLINE && (stepId == null || stepId.isEmpty() || release < 1)) {
            throw new IllegalArgumentException(
                    "an outcome or start-by check needs a step id and a release of at least 1");
        }
        if (timer == Kind.DEADLINE && (stepId != null || release != 0)) {
            throw new IllegalArgumentException("a deadline check has no step id and no release");
        }
    }

    public static TimerCheck deadline(String planId, Instant dueAt) {
        return new TimerCheck(planId, Kind.DEADLINE, null, 0, dueAt);
    }

    public static TimerCheck startBy(String planId, String stepId, int release, Instant dueAt) {
        return new TimerCheck(planId, Kind.START_BY, stepId, release, dueAt);
    }

    public static TimerCheck outcome(String planId, String stepId, int release, Instant dueAt) {
        return new TimerCheck(planId, Kind.OUTCOME, stepId, release, dueAt);
    }
}
