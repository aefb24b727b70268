package io.planexec.planner.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Records the {@link PlannerMeter planner's meters} in a registry given by the caller. Thread-safe. */
public final class PlannerMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Map<PlanStatus, Counter> finished = new EnumMap<>(PlanStatus.class);
    private final Map<PlanStatus, Timer> durations = new EnumMap<>(PlanStatus.class);
    private final Map<String, Counter> released = new ConcurrentHashMap<>();
    private final Map<LatencyClass, Timer> waits = new EnumMap<>(LatencyClass.class);
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Counter> ignored = new ConcurrentHashMap<>();
    private final Counter replyFallbacks;
    private final Counter repliesCopied;
    private final Map<String, AtomicLong> activeByTask = new ConcurrentHashMap<>();

    /**
     * The sources of dead letters, registered at zero so that a dashboard or an alert reading them has a series before
     * the first one arrives.
     */
    public static final List<String> DEAD_LETTER_SOURCES = List.of("requests", "step-results");

    /** Why a step result or notice is ignored: the tag values of {@link PlannerMeter#RESULTS_IGNORED}. */
    public static final List<String> IGNORED_REASONS =
            List.of("unknown_plan", "plan_finished", "unknown_step", "stale_release", "step_ended", "duplicate");

    public PlannerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = counter(PlannerMeter.PLANS_ACCEPTED).register(registry);
        for (PlanStatus s : PlanStatus.values()) {
            if (s.isTerminal()) {
                finished.put(
                        s,
                        counter(PlannerMeter.PLANS_FINISHED)
                                .tag("status", s.name())
                                .register(registry));
                durations.put(
                        s,
                        timer(PlannerMeter.PLAN_DURATION)
                                .tag("status", s.name())
                                .register(registry));
            }
        }
        for (LatencyClass c : LatencyClass.values()) {
            waits.put(
                    c,
                    timer(PlannerMeter.STEP_WAIT).tag("latency_class", c.name()).register(registry));
        }
        for (String source : DEAD_LETTER_SOURCES) {
            deadLetter(source, 0);
        }
        for (String reason : IGNORED_REASONS) {
            ignoredCounter(reason);
        }
        this.replyFallbacks = counter(PlannerMeter.REPLY_FALLBACKS).register(registry);
        this.repliesCopied = counter(PlannerMeter.REPLIES_COPIED).register(registry);
        Gauge.builder(PlannerMeter.PLANS_ACTIVE.meterName(), this, PlannerMetrics::activePlans)
                .description(PlannerMeter.PLANS_ACTIVE.description())
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void planAccepted() {
        accepted.increment();
    }

    /** A plan ended (a rejected request included); {@code durationMs} is negative when it never ran. */
    public void planFinished(PlanStatus status, long durationMs) {
        finished.get(status).increment();
        if (durationMs >= 0) {
            durations.get(status).record(Duration.ofMillis(durationMs));
        }
    }

    public void stepReleased(LatencyClass latencyClass, String queue) {
        released.computeIfAbsent(
                        latencyClass.name() + "/" + queue,
                        k -> counter(PlannerMeter.STEPS_RELEASED)
                                .tag("latency_class", latencyClass.name())
                                .tag("queue", queue)
                                .register(registry))
                .increment();
    }

    /** Registers the readiness gauge of the planner instance. */
    public void readiness(java.util.function.BooleanSupplier ready) {
        Gauge.builder(PlannerMeter.READY.meterName(), () -> ready.getAsBoolean() ? 1 : 0)
                .description(PlannerMeter.READY.description())
                .register(registry);
    }

    public void stepWait(LatencyClass latencyClass, long waitMs) {
        waits.get(latencyClass).record(Duration.ofMillis(Math.max(0, waitMs)));
    }

    public void deadLetter(String source) {
        deadLetter(source, 1);
    }

    private void deadLetter(String source, int count) {
        deadLetters
                .computeIfAbsent(
                        source,
                        s -> counter(PlannerMeter.DEAD_LETTERS).tag("source", s).register(registry))
                .increment(count);
    }

    public void resultIgnored(String reason) {
        ignoredCounter(reason).increment();
    }

    private Counter ignoredCounter(String reason) {
        return ignored.computeIfAbsent(
                reason,
                r -> counter(PlannerMeter.RESULTS_IGNORED).tag("reason", r).register(registry));
    }

    public void replyFallback() {
        replyFallbacks.increment();
    }

    public void repliesCopied(int records) {
        repliesCopied.increment(records);
    }

    /** The running-plan count of one stream task (a task owns the plans of its partition). */
    public AtomicLong activePlans(String taskId) {
        return activeByTask.computeIfAbsent(taskId, t -> new AtomicLong());
    }

    /** Forgets a task that this instance no longer runs. */
    public void taskClosed(String taskId) {
        activeByTask.remove(taskId);
    }

    /** Plans running on this instance. */
    public double activePlans() {
        long sum = 0;
        for (AtomicLong n : activeByTask.values()) {
            sum += n.get();
        }
        return sum;
    }

    private static Counter.Builder counter(PlannerMeter meter) {
        return Counter.builder(meter.meterName()).description(meter.description());
    }

    private static Timer.Builder timer(PlannerMeter meter) {
        return Timer.builder(meter.meterName()).description(meter.description());
    }
}
