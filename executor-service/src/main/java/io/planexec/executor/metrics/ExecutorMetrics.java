package io.planexec.executor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.planexec.executor.call.CallEvents;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The executor's meters (see {@link ExecutorMeter}) on a Micrometer registry. Thread-safe. */
public final class ExecutorMetrics implements CallEvents {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public ExecutorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
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

    // ---- per latency class ----

    public void queueWait(LatencyClass c, long nanos) {
        timer(ExecutorMeter.QUEUE_WAIT, tags(c)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void pass(LatencyClass c, long nanos) {
        timer(ExecutorMeter.PASS, tags(c)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void result(LatencyClass c, StepStatus status) {
        counter(ExecutorMeter.RESULTS, tags(c).and("status", status.name())).increment();
    }

    public void unknown(LatencyClass c) {
        counter(ExecutorMeter.UNKNOWN, tags(c)).increment();
    }

    public void skipped(LatencyClass c) {
        counter(ExecutorMeter.SKIPPED, tags(c)).increment();
    }

    public void deadLetter(LatencyClass c) {
        counter(ExecutorMeter.DEAD_LETTERS, tags(c)).increment();
    }

    public void transaction(LatencyClass c, long nanos, int records) {
        timer(ExecutorMeter.TRANSACTION_DURATION, tags(c)).record(nanos, TimeUnit.NANOSECONDS);
        DistributionSummary.builder(ExecutorMeter.TRANSACTION_RECORDS.meterName())
                .description(ExecutorMeter.TRANSACTION_RECORDS.description())
                .tags(tags(c))
                .register(registry)
                .record(records);
    }

    public void transactionFailed(LatencyClass c) {
        counter(ExecutorMeter.TRANSACTION_FAILURES, tags(c)).increment();
    }

    /** Registers the gauges of a class consumer. */
    public void classGauges(LatencyClass c, Supplier<Number> buffered, Supplier<Number> pausedPartitions) {
        Gauge.builder(ExecutorMeter.BUFFERED.meterName(), buffered)
                .description(ExecutorMeter.BUFFERED.description())
                .tags(tags(c))
                .register(registry);
        Gauge.builder(ExecutorMeter.PAUSED_PARTITIONS.meterName(), pausedPartitions)
                .description(ExecutorMeter.PAUSED_PARTITIONS.description())
                .tags(tags(c))
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

    private static Tags tags(LatencyClass c) {
        return Tags.of("class", c.topicSuffix());
    }
}
