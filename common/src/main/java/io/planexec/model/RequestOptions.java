package io.planexec.model;

/**
 * Per-request options.
 *
 * @param maxRetries retries for idempotent steps, overriding the tools' specs; {@code null} means each spec's own
 * @param deadlineMs the whole plan must finish within this many milliseconds of acceptance; {@code null} means the
 *     planner's default
 */
public record RequestOptions(Integer maxRetries, Long deadlineMs) {

    public static final RequestOptions DEFAULTS = new RequestOptions(null, null);

    public RequestOptions {
        if (maxRetries != null && (maxRetries < 0 || maxRetries > 100)) {
            throw new IllegalArgumentException("options.max_retries must be between 0 and 100, got " + maxRetries);
        }
        if (deadlineMs != null && deadlineMs <= 0) {
            throw new IllegalArgumentException("options.deadline_ms must be positive, got " + deadlineMs);
        }
    }
}
