package io.planexec.planner.topology;

import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the plan clock (deadlines, outcome checks, retention) of a task only when a timer is due, never on a fixed
 * period. Every punctuation makes Kafka Streams commit, which under exactly-once is a transaction: a periodic clock
 * would commit an empty transaction every period on an idle planner, costing CPU and delaying the next real pass.
 *
 * <p>The clock wakes at the earliest timer in the task's store, but never sooner than {@code minInterval} after its
 * previous run (the precision of deadlines). Setting a timer earlier than the next wake-up moves the wake-up forward.
 */
final class PlanClock {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlanClock.class);

    private final ProcessorContext<?, ?> context;
    private final Duration minInterval;
    private final LongConsumer tick;
    private final LongSupplier nextDue;
    private Cancellable scheduled;
    private long wakeAtMs = Long.MAX_VALUE;
    private long lastRunMs = Long.MIN_VALUE / 2;
    private boolean running;

    /**
     * @param tick runs the clock at a time
     * @param nextDue when the earliest timer is due ({@link Long#MAX_VALUE} for none)
     */
    PlanClock(ProcessorContext<?, ?> context, Duration minInterval, LongConsumer tick, LongSupplier nextDue) {
        this.context = context;
        this.minInterval = minInterval;
        this.tick = tick;
        this.nextDue = nextDue;
    }

    /** Schedules the first wake-up from the timers already in the store (after a restart or a rebalance). */
    void start() {
        wakeFor(nextDue.getAsLong());
    }

    /** A timer was set for this time. */
    void timerSet(long atMs) {
        if (!running) {
            wakeFor(atMs);
        }
    }

    private void wakeFor(long dueMs) {
        if (dueMs == Long.MAX_VALUE) {
            return;
        }
        long at = Math.max(dueMs, lastRunMs + minInterval.toMillis());
        if (at >= wakeAtMs) {
            return;
        }
        if (scheduled != null) {
            scheduled.cancel();
        }
        wakeAtMs = at;
        long delay = Math.max(1, at - context.currentSystemTimeMs());
        scheduled = context.schedule(Duration.ofMillis(delay), PunctuationType.WALL_CLOCK_TIME, t -> run());
    }

    private void run() {
        scheduled.cancel();
        scheduled = null;
        wakeAtMs = Long.MAX_VALUE;
        long now = context.currentSystemTimeMs();
        lastRunMs = now;
        running = true;
        try {
            tick.accept(now);
        } finally {
            running = false;
        }
        long next = nextDue.getAsLong();
        LOGGER.debug("plan_clock ran_at={} next_due={}", now, next);
        wakeFor(next);
    }
}
