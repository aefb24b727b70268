package io.planexec.executor.call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Delays} driven by a {@link ManualClock}: {@link #advance} moves the clock and runs what fell due, in order. */
final class ManualDelays implements Delays {

    private final ManualClock clock;
    private final List<Entry> entries = new ArrayList<>();
    private long elapsedMs;
    private long sequence;

    private final class Entry implements Scheduled {
        final long dueMs;
        final long order;
        final Runnable task;
        boolean cancelled;

        Entry(long dueMs, long order, Runnable task) {
            this.dueMs = dueMs;
            this.order = order;
            this.task = task;
        }

        @Override
        public void cancel() {
            synchronized (ManualDelays.this) {
                cancelled = true;
            }
        }
    }

    ManualDelays(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Scheduled schedule(long delayMs, Runnable task) {
        Entry entry = new Entry(elapsedMs + Math.max(0, delayMs), sequence++, task);
        entries.add(entry);
        return entry;
    }

    /** The delays of the tasks still pending, from now, in due order. */
    synchronized List<Long> pendingDelays() {
        return entries.stream()
                .filter(e -> !e.cancelled)
                .sorted(Comparator.comparingLong((Entry e) -> e.dueMs).thenComparingLong(e -> e.order))
                .map(e -> e.dueMs - elapsedMs)
                .toList();
    }

    /** Moves time forward, running each task as its time comes. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = elapsedMs + by.toMillis();
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = entries.stream()
                        .filter(e -> !e.cancelled && e.dueMs <= target)
                        .min(Comparator.comparingLong((Entry e) -> e.dueMs).thenComparingLong(e -> e.order))
                        .orElse(null);
                if (next == null) {
                    clock.advance(Duration.ofMillis(target - elapsedMs));
                    elapsedMs = target;
                    return;
                }
                entries.remove(next);
                clock.advance(Duration.ofMillis(next.dueMs - elapsedMs));
                elapsedMs = next.dueMs;
            }
            next.task.run();
        }
    }
}
