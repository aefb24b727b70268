package io.planexec.executor.kafka;

import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * Decides whether ready results wait, briefly, for calls that started moments ago: calls handed out by one poll start
 * within a fraction of a millisecond of each other and fast ones end as closely, so waiting for them puts their results
 * into one transaction instead of two (a second transaction costs its own round trips and, before them, waits for the
 * first to complete on the broker).
 *
 * <p>Results wait only while a call launched less than the linger ago has not reported, and never longer than the
 * linger after they first waited. A zero linger never waits. Times are {@link System#nanoTime()} values passed in, so
 * tests drive them. Not thread-safe: the loop thread's.
 *
 * @param <T> a launched call
 */
final class CommitLinger<T> {

    private final long lingerNanos;
    private final Predicate<T> pending;
    /** Calls launched within the last linger, oldest first. */
    private final ArrayDeque<Launch<T>> recent = new ArrayDeque<>();

    private long waitingSince = -1;

    private record Launch<T>(T call, long nanos) {}

    /**
     * @param lingerNanos the longest wait; 0 for none
     * @param pending whether a launched call has not reported its outcome yet
     */
    CommitLinger(long lingerNanos, Predicate<T> pending) {
        if (lingerNanos < 0) {
            throw new IllegalArgumentException("the commit linger must not be negative, got " + lingerNanos + " ns");
        }
        this.lingerNanos = lingerNanos;
        this.pending = pending;
    }

    /** A call was launched. */
    void launched(T call, long nowNanos) {
        if (lingerNanos > 0) {
            recent.addLast(new Launch<>(call, nowNanos));
        }
    }

    /**
     * Whether ready results should wait now.
     *
     * @return {@code 0} to commit now; otherwise the time until which to wait at most (sooner if the calls report)
     */
    long waitUntil(long nowNanos) {
        if (lingerNanos == 0) {
            return 0;
        }
        while (!recent.isEmpty() && nowNanos - recent.peekFirst().nanos() >= lingerNanos) {
            recent.pollFirst();
        }
        long until = 0;
        for (Launch<T> launch : recent) {
            if (pending.test(launch.call())) {
                until = Math.max(until, launch.nanos() + lingerNanos);
            }
        }
        if (until == 0) {
            return 0;
        }
        if (waitingSince < 0) {
            waitingSince = nowNanos;
        }
        until = Math.min(until, waitingSince + lingerNanos);
        return until > nowNanos ? until : 0;
    }

    /** A transaction started: the next results wait afresh. */
    void committing() {
        waitingSince = -1;
    }
}
