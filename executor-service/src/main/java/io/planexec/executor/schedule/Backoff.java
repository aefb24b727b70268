package io.planexec.executor.schedule;

/**
 * Exponential backoff with jitter between the attempts of an idempotent tool: retry {@code n} (1 for the first retry)
 * waits {@code min(max, base * 2^(n-1))}, reduced by up to {@code jitter} of itself at random so that retries of many
 * calls spread out.
 *
 * @param baseMs the wait before the first retry, without jitter
 * @param maxMs the longest wait
 * @param jitter the fraction of the wait taken off at random, 0 to 1
 */
public record Backoff(long baseMs, long maxMs, double jitter) {

    public Backoff {
        if (baseMs < 0 || maxMs < baseMs) {
            throw new IllegalArgumentException(
                    "backoff needs 0 <= base <= max, got base " + baseMs + " ms, max " + maxMs + " ms");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("backoff jitter must be between 0 and 1, got " + jitter);
        }
    }

    /**
     * The wait before a retry.
     *
     * @param retry 1 for the first retry
     * @param random a number in [0, 1), e.g. from {@code ThreadLocalRandom}
     */
    public long delayMs(int retry, double random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, got " + retry);
        }
        double exponential = baseMs * Math.pow(2, Math.min(retry - 1, 62));
        double capped = Math.min((double) maxMs, exponential);
        return Math.round(capped * (1 - jitter * random));
    }
}
