package io.planexec.executor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.planexec.executor.call.CallEvents;
import io.planexec.executor.schedule.InFlightLimit;
import io.planexec.model.StepStatus;
import io.planexec.model.ToolSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The executor's meters (see {@link ExecutorMeter}) on a Micrometer registry. Thread-safe. */
public final class ExecutorMetrics implements CallEvents {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> caps = new ConcurrentHashMap<>();

    public ExecutorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Registers the process's gauges: tasks in flight and the in-flight limit. */
    public void processGauges(InFlightLimit limit) {
        Gauge.builder(ExecutorMeter.TASKS_IN_FLIGHT.meterName(), limit, InFlightLimit::inFlight)
                .description(ExecutorMeter.TASKS_IN_FLIGHT.description())
                .register(registry);
        Gauge.builder(ExecutorMeter.IN_FLIGHT_LIMIT.meterName(), limit, InFlightLimit::max)
                .description(ExecutorMeter.IN_FLIGHT_LIMIT.description())
                .register(registry);
    }

    /**
     * Registers a served tool's meters before its first call (in flight, retries and timeouts at zero, its cap), so a
     * dashboard or an alert has a series for every tool from the start. Again for a replaced spec: the cap follows.
     */
    public void toolServed(ToolSpec spec) {
        String tool = spec.name();
        inFlight(tool);
        counter(ExecutorMeter.RETRIES, Tags.of("tool", tool));
        counter(ExecutorMeter.TIMEOUTS, Tags.of("tool", tool));
        if (spec.concurrencyCap() == null) {
            caps.remove(tool);
        } else if (caps.put(tool, spec.concurrencyCap()) == null) {
            Gauge.builder(ExecutorMeter.TOOL_CAP.meterName(), caps, c -> {
                        Integer cap = c.get(tool);
                        return cap == null ? Double.NaN : cap;
                    })
                    .description(ExecutorMeter.TOOL_CAP.description())
                    .tags("tool", tool)
                    .register(registry);
        }
    }

    // ---- per tool (CallEvents) ----

    @Override
    public void attemptStarted(String tool) {
        inFlight(tool).incrementAndGet();
    }

    @Override
    public void attemptEnded(String tool, StepStatus status, long nanos) {
        timer(ExecutorMeter.CALL_DURATION, Tags.of("tool", tool, "status", status.name()))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void attemptSettled(String tool) {
        inFlight(tool).decrementAndGet();
    }

    @Override
    public void retried(String tool) {
        counter(ExecutorMeter.RETRIES, Tags.of("tool", tool)).increment();
    }

    @Override
    public void timedOut(String tool) {
        counter(ExecutorMeter.TIMEOUTS, Tags.of("tool", tool)).increment();
    }

    // ---- per queue (one consumer loop each) ----

    public void queueWait(String queue, long nanos) {
        timer(ExecutorMeter.QUEUE_WAIT, tags(queue)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void pass(String queue, long nanos) {
        timer(ExecutorMeter.PASS, tags(queue)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void result(String queue, StepStatus status) {
        counter(ExecutorMeter.RESULTS, tags(queue).and("status", status.name())).increment();
    }

    public void unknown(String queue) {
        counter(ExecutorMeter.UNKNOWN, tags(queue)).increment();
    }

    public void skipped(String queue) {
        counter(ExecutorMeter.SKIPPED, tags(queue)).increment();
    }

    public void deadLetter(String queue) {
        counter(ExecutorMeter.DEAD_LETTERS, tags(queue)).increment();
    }

    public void transaction(String queue, long nanos, int records) {
        timer(ExecutorMeter.TRANSACTION_DURATION, tags(queue)).record(nanos, TimeUnit.NANOSECONDS);
        DistributionSummary.builder(ExecutorMeter.TRANSACTION_RECORDS.meterName())
                .description(ExecutorMeter.TRANSACTION_RECORDS.description())
                .tags(tags(queue))
                .register(registry)
                .record(records);
    }

    public void transactionFailed(String queue) {
        counter(ExecutorMeter.TRANSACTION_FAILURES, tags(queue)).increment();
    }

    /**
     * Registers the meters of a queue's consumer loop: its gauges, and its counters at zero (a dashboard or an alert
     * reading them has a series before the first event).
     */
    public void queueGauges(
            String queue,
            Supplier<Number> buffered,
            Supplier<Number> running,
            Supplier<Number> pausedPartitions,
            Supplier<Number> lag) {
        for (ExecutorMeter meter : List.of(
                ExecutorMeter.UNKNOWN,
                ExecutorMeter.SKIPPED,
                ExecutorMeter.DEAD_LETTERS,
                ExecutorMeter.TRANSACTION_FAILURES)) {
            counter(meter, tags(queue));
        }
        Gauge.builder(ExecutorMeter.LAG.meterName(), lag)
                .description(ExecutorMeter.LAG.description())
                .tags(tags(queue))
                .register(registry);
        Gauge.builder(ExecutorMeter.BUFFERED.meterName(), buffered)
                .description(ExecutorMeter.BUFFERED.description())
                .tags(tags(queue))
                .register(registry);
        Gauge.builder(ExecutorMeter.RUNNING.meterName(), running)
                .description(ExecutorMeter.RUNNING.description())
                .tags(tags(queue))
                .register(registry);
        Gauge.builder(ExecutorMeter.PAUSED_PARTITIONS.meterName(), pausedPartitions)
                .description(ExecutorMeter.PAUSED_PARTITIONS.description())
                .tags(tags(queue))
                .register(registry);
    }

    private AtomicInteger inFlight(String tool) {
        return inFlight.computeIfAbsent(tool, t -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(ExecutorMeter.CALLS_IN_FLIGHT.meterName(), value, AtomicInteger::get)
                    .description(ExecutorMeter.CALLS_IN_FLIGHT.description())
                    .tags("tool", t)
                    .register(registry);
            return value;
        });
    }

    private Timer timer(ExecutorMeter meter, Tags tags) {
        return Timer.builder(meter.meterName())
                .description(meter.description())
                .tags(tags)
                .publishPercentileHistogram(false)
                .register(registry);
    }

    private Counter counter(ExecutorMeter meter, Tags tags) {
        return Counter.builder(meter.meterName())
                .description(meter.description())
                .tags(tags)
                .register(registry);
    }

    private static Tags tags(String queue) {
        return Tags.of("queue", queue);
    }
}
