package io.planexec.model;

import java.time.Instant;

/**
 * The detail of one step in a PlanResult.
 *
 * @param status the step's final status
 * @param attempts how many calls were made (0 if it never ran)
 * @param readyAt when its dependencies were met and it was released; {@code null} if never
 * @param startedAt when its first call started; {@code null} if never
 * @param finishedAt when it ended
 * @param executor the executor of the last call; {@code null} if it never ran
 * @param output the tool's output for a step that succeeded
 * @param error what went wrong otherwise
 */
public record StepOutcome(
        StepStatus status,
        int attempts,
        Instant readyAt,
        Instant startedAt,
        Instant finishedAt,
        String executor,
        Object output,
        String error) {

    public StepOutcome {
        if (status == null) {
            throw new IllegalArgumentException("status must be given");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
        output = JsonValues.freeze(output);
    }
}
