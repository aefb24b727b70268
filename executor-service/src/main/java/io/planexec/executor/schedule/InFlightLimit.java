package io.planexec.executor.schedule;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most tasks one executor process has in flight (handed out and not ended), across all latency classes: bounds
 * the memory and threads the calls use. Thread-safe.
 */
public final class InFlightLimit {

    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    public InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1, got " + max);
        }
        this.max = max;
    }

    public boolean tryAcquire() {
        while (true) {
            int current = inFlight.get();
            if (current >= max) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (inFlight.decrementAndGet() < 0) {
            throw new IllegalStateException("more in-flight permits released than taken");
        }
    }

    public boolean isFull() {
        return inFlight.get() >= max;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int max() {
        return max;
    }
}
