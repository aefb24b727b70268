package io.planexec.executor.metrics;

import io.planexec.observability.PrometheusNames;
import java.util.List;
import java.util.Locale;

/**
 * Every meter the executor publishes (Micrometer), with its type, tags and meaning. {@code docs/operations.md} embeds
 * {@link #markdownRows()} and a test keeps the two equal.
 */
public enum ExecutorMeter {
    CALLS_IN_FLIGHT("planexec.executor.calls.in.flight", Kind.GAUGE, "Tool calls running now.", "tool"),
    TOOL_CAP(
            "planexec.executor.tool.cap",
            Kind.GAUGE,
            "The tool's concurrency cap in this process (tools that have one): calls in flight divided by it is the"
                    + " tool's utilisation.",
            "tool"),
    TASKS_IN_FLIGHT(
            "planexec.executor.tasks.in.flight",
            Kind.GAUGE,
            "Tasks this process runs now, across queues (handed out and not ended, retry back-offs included)."),
    IN_FLIGHT_LIMIT(
            "planexec.executor.tasks.in.flight.limit",
            Kind.GAUGE,
            "The most tasks this process runs at once (executor.max.in.flight)."),
    CALL_DURATION(
            "planexec.executor.call.duration",
            Kind.TIMER,
            "Duration of each call (attempt), by its status: SUCCEEDED, FAILED, TIMED_OUT or CANCELLED.",
            "tool",
            "status"),
    QUEUE_WAIT(
            "planexec.executor.queue.wait",
            Kind.TIMER,
            "From a task's arrival at the executor to the start of its first call (behind its key, its tool's cap,"
                    + " the in-flight limit, or its STARTED notice).",
            "queue"),
    PASS(
            "planexec.executor.pass",
            Kind.TIMER,
            "The executor's own pass: from a task's arrival to its result committed.",
            "queue"),
    RESULTS("planexec.executor.results", Kind.COUNTER, "FINISHED results published, by status.", "queue", "status"),
    RETRIES("planexec.executor.retries", Kind.COUNTER, "Retries of idempotent calls.", "tool"),
    TIMEOUTS("planexec.executor.timeouts", Kind.COUNTER, "Calls cancelled by their timeout.", "tool"),
    UNKNOWN(
            "planexec.executor.steps.unknown",
            Kind.COUNTER,
            "Redelivered tasks of non-idempotent steps whose call had started under a previous owner that never"
                    + " reported it: not run again; the planner ends them UNKNOWN.",
            "queue"),
    SKIPPED(
            "planexec.executor.tasks.skipped",
            Kind.COUNTER,
            "Redelivered tasks whose result a previous owner had already published: not run or reported again.",
            "queue"),
    DEAD_LETTERS(
            "planexec.executor.dead.letters", Kind.COUNTER, "Unreadable tasks sent to the dead-letter topic.", "queue"),
    BUFFERED("planexec.executor.tasks.buffered", Kind.GAUGE, "Tasks received and waiting to start.", "queue"),
    RUNNING(
            "planexec.executor.tasks.running",
            Kind.GAUGE,
            "Tasks of the queue running now: started and not ended (retry back-offs included).",
            "queue"),
    LAG(
            "planexec.executor.lag",
            Kind.GAUGE,
            "Tasks in the queue's partitions this process owns that it has not fetched yet (their end offset seen by"
                    + " its last fetch, minus its position): summed over instances, the queue's backlog.",
            "queue"),
    PAUSED_PARTITIONS(
            "planexec.executor.partitions.paused",
            Kind.GAUGE,
            "Partitions not fetched from: the buffer is full, or the partition's offset window is.",
            "queue"),
    TRANSACTION_DURATION(
            "planexec.executor.transaction.duration",
            Kind.TIMER,
            "Each transaction that publishes results and STARTED notices with the offsets.",
            "queue"),
    TRANSACTION_RECORDS(
            "planexec.executor.transaction.records",
            Kind.DISTRIBUTION_SUMMARY,
            "Records per transaction: batching under load.",
            "queue"),
    TRANSACTION_FAILURES(
            "planexec.executor.transaction.failures",
            Kind.COUNTER,
            "Transactions that failed and were retried, timed-out ones included (a producer fenced by another"
                    + " process stops the consumer instead).",
            "queue");

    /** Micrometer meter types used. */
    public enum Kind {
        COUNTER,
        GAUGE,
        TIMER,
        DISTRIBUTION_SUMMARY
    }

    private final String meterName;
    private final Kind kind;
    private final String description;

    @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable
    private final List<String> tags;

    ExecutorMeter(String meterName, Kind kind, String description, String... tags) {
        this.meterName = meterName;
        this.kind = kind;
        this.description = description;
        this.tags = List.of(tags);
    }

    public String meterName() {
        return meterName;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    public List<String> tags() {
        return tags;
    }

    /** The timers that publish histogram buckets (see {@code LatencyHistograms}): call, queue wait, pass. */
    public static java.util.Set<String> latencyTimers() {
        return java.util.Set.of(CALL_DURATION.meterName, QUEUE_WAIT.meterName, PASS.meterName);
    }

    /**
     * The executor's rows of the metrics catalogue in {@code docs/operations.md} (one table for every service: meter,
     * type, tags, service, meaning).
     */
    public static String markdownRows() {
        StringBuilder out = new StringBuilder();
        for (ExecutorMeter meter : values()) {
            out.append("| `")
                    .append(meter.meterName)
                    .append("` | ")
                    .append(PrometheusNames.of(
                            meter.meterName,
                            io.micrometer.core.instrument.Meter.Type.valueOf(meter.kind.name()),
                            latencyTimers().contains(meter.meterName)))
                    .append(" | ")
                    .append(meter.kind.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(" | ")
                    .append(String.join(
                            ", ", meter.tags.stream().map(t -> "`" + t + "`").toList()))
                    .append(" | executor | ")
                    .append(meter.description)
                    .append(" |\n");
        }
        return out.toString();
    }
}
