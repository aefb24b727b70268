package io.planexec.model;

import java.util.Locale;

/**
 * How long a tool typically takes. Each class has its own step topic ({@code planexec.steps.<class>}) and its own
 * executor consumer group, so slow tools never queue in front of fast ones.
 */
public enum LatencyClass {
    /** Sub-second calls: lookups, cache reads, small writes. */
    FAST(100),
    /** About a second: ordinary API calls. */
    MEDIUM(1_000),
    /** Several seconds: remote services, LLM sub-calls. */
    SLOW(5_000),
    /** Tens of seconds or more: batch jobs, crawls. */
    VERY_SLOW(30_000);

    private final long defaultEstimateMs;

    LatencyClass(long defaultEstimateMs) {
        this.defaultEstimateMs = defaultEstimateMs;
    }

    /** The duration the planner assumes for a step of this class when estimating a critical path. */
    public long defaultEstimateMs() {
        return defaultEstimateMs;
    }

    /** The suffix of this class's step topic: {@code fast}, {@code medium}, {@code slow}, {@code very_slow}. */
    public String topicSuffix() {
        return name().toLowerCase(Locale.ROOT);
    }
}
