package io.planexec.plan;

import io.planexec.model.LatencyClass;
import java.util.EnumMap;
import java.util.Map;

/**
 * How the planner estimates step durations for its analysis (critical path, serial sum). Estimates never change what
 * runs when; they only inform {@code explain} and the plan's expected stats.
 *
 * @param estimatesMs the assumed duration of a step per latency class
 */
public record PlannerSettings(Map<LatencyClass, Long> estimatesMs) {

    /** Each class's {@link LatencyClass#defaultEstimateMs()}. */
    public static final PlannerSettings DEFAULTS = new PlannerSettings(defaults());

    public PlannerSettings {
        EnumMap<LatencyClass, Long> copy = new EnumMap<>(defaults());
        if (estimatesMs != null) {
            estimatesMs.forEach((c, ms) -> {
                if (ms == null || ms < 0) {
                    throw new IllegalArgumentException("estimate for " + c + " must be a non-negative number of ms");
                }
                copy.put(c, ms);
            });
        }
        estimatesMs = Map.copyOf(copy);
    }

    public long estimateMs(LatencyClass latencyClass) {
        return estimatesMs.get(latencyClass);
    }

    private static Map<LatencyClass, Long> defaults() {
        EnumMap<LatencyClass, Long> m = new EnumMap<>(LatencyClass.class);
        for (LatencyClass c : LatencyClass.values()) {
            m.put(c, c.defaultEstimateMs());
        }
        return m;
    }
}
