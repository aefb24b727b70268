package io.planexec.model;

import java.time.Instant;

/**
 * One call of a tool for a step.
 *
 * @param number 1 for the first call, counting retries
 * @param startedAt when the call started
 * @param finishedAt when it ended
 * @param status {@code SUCCEEDED}, {@code FAILED} or {@code TIMED_OUT}
 * @param error the error message of a failed attempt, {@code null} otherwise
 * @param executor the executor instance that made the call
 */
public record Attempt(
        int number, Instant startedAt, Instant finishedAt, StepStatus status, String error, String executor) {

    public Attempt {
        if (number < 1) {
            throw new IllegalArgumentException("attempt number must be at least 1, got " + number);
        }
        if (startedAt == null || finishedAt == null || status == null || executor == null) {
            throw new IllegalArgumentException(
                    "attempt " + number + ": started_at, finished_at, status and executor" + " must be given");
        }
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("attempt " + number + ": status must be terminal, got " + status);
        }
    }
}
