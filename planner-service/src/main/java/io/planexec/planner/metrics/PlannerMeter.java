package io.planexec.planner.metrics;

import io.planexec.observability.PrometheusNames;
import java.util.List;

/**
 * Every meter the planner records: the catalogue behind the metrics table of {@code docs/operations.md} (a test keeps
 * the two in step). Names are Micrometer's dotted names; a Prometheus registry writes them with underscores and a
 * unit suffix ({@code planexec_planner_plans_accepted_total}).
 */
public enum PlannerMeter {
    PLANS_ACCEPTED("planexec.planner.plans.accepted", Type.COUNTER, List.of(), "Plans accepted: planned and started."),
    PLANS_FINISHED(
            "planexec.planner.plans.finished",
            Type.COUNTER,
            List.of("status"),
            "Plans finished, by final status (SUCCEEDED, PARTIAL, FAILED, TIMED_OUT, CANCELLED, REJECTED)."),
    STEPS_RELEASED(
            "planexec.planner.steps.released",
            Type.COUNTER,
            List.of("latency_class", "queue"),
            "Step tasks published, by latency class and task queue."),
    PLAN_DURATION(
            "planexec.planner.plan.duration",
            Type.TIMER,
            List.of("status"),
            "From a plan's acceptance to its result being sent (the makespan), by final status."),
    STEP_WAIT(
            "planexec.planner.step.wait",
            Type.TIMER,
            List.of("latency_class"),
            "From a step's release to the start of its first call (as the executor reports it): queueing in Kafka"
                    + " and in the executor."),
    PLANS_ACTIVE(
            "planexec.planner.plans.active",
            Type.GAUGE,
            List.of(),
            "Plans running on this planner instance (accepted, not finished)."),
    READY(
            "planexec.planner.ready",
            Type.GAUGE,
            List.of(),
            "1 when this instance processes every task it owns (Kafka Streams RUNNING, no store restoring), else 0:"
                    + " what GET /health/ready answers."),
    DEAD_LETTERS(
            "planexec.planner.dead.letters",
            Type.COUNTER,
            List.of("source"),
            "Records sent to the dead-letter topic, by source (requests, step-results)."),
    RESULTS_IGNORED(
            "planexec.planner.results.ignored",
            Type.COUNTER,
            List.of("reason"),
            "Step results and notices recorded and ignored: unknown_plan, plan_finished, unknown_step,"
                    + " stale_release, step_ended, duplicate."),
    REPLY_FALLBACKS(
            "planexec.planner.reply.fallbacks",
            Type.COUNTER,
            List.of(),
            "Plan results not copied to a reply_to topic because it could not take them (missing, not writable, one"
                    + " of planexec's own topics): they are on the results topic only."),
    REPLIES_COPIED(
            "planexec.planner.replies.copied",
            Type.COUNTER,
            List.of(),
            "Result records copied by the reply forwarder from the results topic to the reply_to topics requests"
                    + " named.");

    /** The kind of meter. */
    public enum Type {
        COUNTER,
        TIMER,
        GAUGE
    }

    private final String meterName;
    private final Type type;

    @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable
    private final List<String> tags;

    private final String description;

    PlannerMeter(String meterName, Type type, List<String> tags, String description) {
        this.meterName = meterName;
        this.type = type;
        this.tags = tags;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public Type type() {
        return type;
    }

    public List<String> tags() {
        return tags;
    }

    public String description() {
        return description;
    }

    /**
     * The planner's rows of the metrics catalogue in {@code docs/operations.md}: meter, Prometheus name, type, tags,
     * service, meaning.
     */
    public static String markdownRows() {
        StringBuilder out = new StringBuilder();
        for (PlannerMeter meter : values()) {
            out.append("| `")
                    .append(meter.meterName)
                    .append("` | ")
                    .append(PrometheusNames.of(
                            meter.meterName,
                            io.micrometer.core.instrument.Meter.Type.valueOf(meter.type.name()),
                            latencyTimers().contains(meter.meterName)))
                    .append(" | ")
                    .append(meter.type.name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ")
                    .append(String.join(
                            ", ", meter.tags.stream().map(t -> "`" + t + "`").toList()))
                    .append(" | planner | ")
                    .append(meter.description)
                    .append(" |\n");
        }
        return out.toString();
    }

    /** The timers that publish histogram buckets (see {@code LatencyHistograms}): plan duration, step wait. */
    public static java.util.Set<String> latencyTimers() {
        return java.util.Set.of(PLAN_DURATION.meterName, STEP_WAIT.meterName);
    }
}
