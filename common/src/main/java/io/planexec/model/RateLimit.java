package io.planexec.model;

/**
 * At most {@code calls} calls of a tool may start in any {@code perMs} milliseconds, in one executor process (a
 * sliding window: a call starts only when fewer than {@code calls} started in the {@code perMs} before it). On a task
 * queue whose topic has one partition, one process runs the tool at a time, which makes it the deployment's limit
 * (docs/operations.md, "A cap for the whole deployment").
 *
 * @param calls calls per window, at least 1
 * @param perMs the window in milliseconds, at least 1
 */
public record RateLimit(int calls, long perMs) {

    public RateLimit {
        if (calls < 1) {
            throw new IllegalArgumentException("rate_limit.calls must be at least 1, got " + calls);
        }
        if (perMs < 1) {
            throw new IllegalArgumentException("rate_limit.per_ms must be at least 1, got " + perMs);
        }
    }

    @Override
    public String toString() {
        return calls + " calls per " + perMs + " ms";
    }
}
