package io.planexec.model;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What an executor reports on {@code planexec.step-results}: either a {@link Kind#STARTED} notice (committed before a
 * call is made) or the {@link Kind#FINISHED} outcome of a task with every attempt it made.
 *
 * @param planId the plan
 * @param stepId the step
 * @param release the {@link StepTask#release() release number} of the task this reports on
 * @param kind STARTED or FINISHED
 * @param status for FINISHED: SUCCEEDED, FAILED, TIMED_OUT or CANCELLED; {@code null} for STARTED
 * @param output for SUCCEEDED: the tool's output as a JSON value
 * @param error for other outcomes: a message an LLM can act on
 * @param attempts the calls made, in order (empty for STARTED)
 * @param executor the executor instance that reports
 * @param at when the report was made (for STARTED: when the call starts)
 */
public record StepResult(
        String planId,
        String stepId,
        int release,
        Kind kind,
        StepStatus status,
        Object output,
        String error,
        List<Attempt> attempts,
        String executor,
        Instant at) {

    /** The statuses an executor reports: the planner alone decides SKIPPED and UNKNOWN. */
    private static final Set<StepStatus> REPORTABLE =
            EnumSet.of(StepStatus.SUCCEEDED, StepStatus.FAILED, StepStatus.TIMED_OUT, StepStatus.CANCELLED);

    /** The two kinds of report. */
    public enum Kind {
        STARTED,
        FINISHED
    }

    public StepResult {
        AgentRequest.requirePlanId(planId);
        if (stepId == null || stepId.isEmpty()) {
            throw new IllegalArgumentException("step_id must not be empty");
        }
        if (release < 1) {
            throw new IllegalArgumentException("release must be at least 1, got " + release);
        }
        if (kind == null || executor == null || at == null) {
            throw new IllegalArgumentException("kind, executor and at must be given");
        }
        if (kind == Kind.STARTED && status != null) {
            throw new IllegalArgumentException("a STARTED notice has no status");
        }
        if (kind == Kind.FINISHED && !REPORTABLE.contains(status)) {
            throw new IllegalArgumentException(
                    "a FINISHED result's status is SUCCEEDED, FAILED, TIMED_OUT or CANCELLED, got " + status
                            + " (SKIPPED and UNKNOWN are the planner's to decide)");
        }
        output = JsonValues.freeze(output);
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** A STARTED notice. */
    public static StepResult started(String planId, String stepId, int release, String executor, Instant at) {
        return new StepResult(planId, stepId, release, Kind.STARTED, null, null, null, List.of(), executor, at);
    }

    /** A FINISHED result. */
    public static StepResult finished(
            String planId,
            String stepId,
            int release,
            StepStatus status,
            Object output,
            String error,
            List<Attempt> attempts,
            String executor,
            Instant at) {
        return new StepResult(planId, stepId, release, Kind.FINISHED, status, output, error, attempts, executor, at);
    }
}
