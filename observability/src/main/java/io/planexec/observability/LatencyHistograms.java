package io.planexec.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Set;

/**
 * Gives the latency timers histogram buckets from 1 ms to 60 s, so that quantiles can be computed across instances
 * ({@code histogram_quantile} in Prometheus) rather than averaged.
 */
public final class LatencyHistograms implements MeterFilter {

    /** The bucket boundaries: 1, 2, 5 per decade from 1 ms to 10 s, then 20, 30 and 60 s. */
    private static final Duration[] BOUNDARIES = {
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(20),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(200),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60)
    };

    private final Set<String> names;

    /** @param names the timers that get buckets */
    public LatencyHistograms(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !names.contains(id.getName())) {
            return config;
        }
        double[] nanos = new double[BOUNDARIES.length];
        for (int i = 0; i < BOUNDARIES.length; i++) {
            nanos[i] = BOUNDARIES[i].toNanos();
        }
        return DistributionStatisticConfig.builder()
                .serviceLevelObjectives(nanos)
                .build()
                .merge(config);
    }
}
