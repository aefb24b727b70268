package io.planexec.planner.run;

/**
 * The policies of plan runs.
 *
 * @param defaultDeadlineMs the deadline of a request that gives none
 * @param maxDeadlineMs the longest deadline a request may ask for (longer ones are cut to this)
 * @param unknownGraceMs how long after a non-idempotent step's timeout the planner still waits for its result before
 *     ending it {@code UNKNOWN}
 * @param retentionMs how long a finished plan's result is kept for resubmissions of its plan id
 * @param maxMessageBytes the largest record the planner sends: a step task, or a plan result or one part of it
 * @param maxResultBytes the largest plan result, sent in parts of at most {@code maxMessageBytes}; a larger one is shrunk
 * @param timerBatch the most timers of one kind handled per clock tick
 * @param unservedTimeoutMs how long a step released while no executor of its tool runs may wait to start; {@code 0}:
 *     it waits until the plan's deadline
 */
public record EngineSettings(
        long defaultDeadlineMs,
        long maxDeadlineMs,
        long unknownGraceMs,
        long retentionMs,
        int maxMessageBytes,
        int maxResultBytes,
        int timerBatch,
        long unservedTimeoutMs) {

    public EngineSettings {
        if (defaultDeadlineMs <= 0
                || maxDeadlineMs <= 0
                || unknownGraceMs < 0
                || retentionMs < 0
                || unservedTimeoutMs < 0) {
            throw new IllegalArgumentException(
                    "deadlines must be positive and grace, retention and the unserved timeout not negative");
        }
        if (maxMessageBytes < 1024 || timerBatch < 1) {
            throw new IllegalArgumentException(
                    "max message bytes must be at least 1024 and the timer batch at least 1, got " + maxMessageBytes
                            + " and " + timerBatch);
        }
        if (maxResultBytes < maxMessageBytes) {
            throw new IllegalArgumentException("the largest result (" + maxResultBytes
                    + " bytes) must be at least the largest message (" + maxMessageBytes + " bytes)");
        }
    }

    /**
     * Defaults: 5 min deadline (24 h at most), 10 s grace, 1 h retention, 1,000,000-byte messages, 16 MiB results, 2
     * min for an unserved tool.
     */
    public static final EngineSettings DEFAULTS =
            new EngineSettings(300_000, 86_400_000, 10_000, 3_600_000, 1_000_000, 16 * 1024 * 1024, 1_000, 120_000);

    /** These settings with another unserved timeout. */
    public EngineSettings withUnservedTimeoutMs(long timeoutMs) {
        return new EngineSettings(
                defaultDeadlineMs,
                maxDeadlineMs,
                unknownGraceMs,
                retentionMs,
                maxMessageBytes,
                maxResultBytes,
                timerBatch,
                timeoutMs);
    }

    /** The deadline of a request that asks for {@code requestedMs} ({@code null} for none). */
    public long deadlineFor(Long requestedMs) {
        long wanted = requestedMs == null ? defaultDeadlineMs : requestedMs;
        return Math.min(wanted, maxDeadlineMs);
    }
}
