package io.planexec.executor.kafka;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Wakes a consumer loop when a call ends, so results are committed at once instead of after the next poll timeout:
 * {@link Consumer#wakeup()} while the loop is blocked in {@code poll}, a condition while it waits elsewhere (draining
 * calls on a rebalance or a shutdown).
 */
final class LoopSignal {

    private final Consumer<?, ?> consumer;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private boolean pending;

    LoopSignal(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    /** Something needs the loop's attention. Any thread. */
    void signal() {
        lock.lock();
        try {
            pending = true;
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
        if (polling.get()) {
            consumer.wakeup();
        }
    }

    /** Whether the loop is (about to be) blocked in {@code poll}, where only {@code wakeup()} reaches it. */
    void polling(boolean value) {
        polling.set(value);
    }

    /** Waits until signalled or the time is up; clears the signal. */
    @SuppressWarnings("WaitNotInLoop") // a spurious wake-up ends the wait early, which every caller's loop allows
    void await(long millis) throws InterruptedException {
        lock.lock();
        try {
            if (!pending && millis > 0) {
                signalled.await(millis, TimeUnit.MILLISECONDS);
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }

    /** Clears the signal (the loop is about to look at everything anyway). */
    void clear() {
        lock.lock();
        try {
            pending = false;
        } finally {
            lock.unlock();
        }
    }
}
