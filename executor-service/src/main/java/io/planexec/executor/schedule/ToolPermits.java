package io.planexec.executor.schedule;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-tool limits of one executor process: concurrency caps (at most {@code cap} calls of a tool hold a permit at
 * once) and rate limits ({@link #rates()}). Thread-safe: shared by the consumer loops of every task queue.
 */
public final class ToolPermits {

    private final Map<String, AtomicInteger> inUse = new ConcurrentHashMap<>();
    private final RateWindows rates;

    public ToolPermits() {
        this(new RateWindows());
    }

    public ToolPermits(RateWindows rates) {
        this.rates = rates;
    }

    /** The tools' rate limits. */
    public RateWindows rates() {
        return rates;
    }

    /** Whether a call could take a permit now ({@code cap == null} means no cap). */
    public boolean available(String tool, Integer cap) {
        return cap == null || counter(tool).get() < cap;
    }

    /** Takes a permit if one is free. */
    public boolean tryAcquire(String tool, Integer cap) {
        AtomicInteger counter = counter(tool);
        while (true) {
            int current = counter.get();
            if (cap != null && current >= cap) {
                return false;
            }
            if (counter.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives a permit back. */
    public void release(String tool) {
        int after = counter(tool).decrementAndGet();
        if (after < 0) {
            throw new IllegalStateException("tool '" + tool + "': more permits released than taken");
        }
    }

    /** Calls of the tool holding a permit. */
    public int inUse(String tool) {
        AtomicInteger counter = inUse.get(tool);
        return counter == null ? 0 : counter.get();
    }

    private AtomicInteger counter(String tool) {
        return inUse.computeIfAbsent(tool, t -> new AtomicInteger());
    }
}
