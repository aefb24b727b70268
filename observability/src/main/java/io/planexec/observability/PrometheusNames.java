package io.planexec.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;

/** The names under which Prometheus stores a Micrometer meter, for the metrics catalogue of the docs. */
public final class PrometheusNames {

    private static final PrometheusNamingConvention CONVENTION = new PrometheusNamingConvention();

    private PrometheusNames() {}

    /** The exposition adds {@code _total} to a counter's name (the convention's name leaves it out). */
    private static String withTotal(String name) {
        return name.endsWith("_total") ? name : name + "_total";
    }

    /**
     * The series name of a meter as the docs show it: {@code planexec_planner_plans_accepted_total} for a counter,
     * {@code planexec_planner_plan_duration_seconds} with its suffixes for a timer ({@code _bucket} only when it has
     * latency histograms).
     *
     * @param histogram whether the timer publishes buckets (see {@link LatencyHistograms})
     */
    public static String of(String meterName, Meter.Type type, boolean histogram) {
        return switch (type) {
            case COUNTER -> "`" + withTotal(CONVENTION.name(meterName, type, null)) + "`";
            case TIMER ->
                "`" + CONVENTION.name(meterName, type, "seconds") + "` (" + (histogram ? "`_bucket`, " : "")
                        + "`_count`, `_sum`, `_max`)";
            case DISTRIBUTION_SUMMARY -> "`" + CONVENTION.name(meterName, type, null) + "` (`_count`, `_sum`, `_max`)";
            default -> "`" + CONVENTION.name(meterName, type, null) + "`";
        };
    }
}
