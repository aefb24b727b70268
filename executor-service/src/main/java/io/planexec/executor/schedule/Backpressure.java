package io.planexec.executor.schedule;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Decides which partitions to stop fetching from, so the executor never buffers without bound: all of them while the
 * tasks waiting to start reach {@code maxBuffered} (until they drain to half of it), and any partition whose offset
 * window is full (its next task may not start until earlier ones end).
 */
public final class Backpressure {

    private final int maxBuffered;
    private boolean full;

    public Backpressure(int maxBuffered) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("the buffered-task limit must be at least 1, got " + maxBuffered);
        }
        this.maxBuffered = maxBuffered;
    }

    /**
     * The partitions that should be paused now.
     *
     * @param buffered tasks received and not yet started
     * @param assigned the partitions owned
     * @param windowFull whether a partition's offset window is full
     */
    public Set<Integer> paused(int buffered, Set<Integer> assigned, Predicate<Integer> windowFull) {
        if (buffered >= maxBuffered) {
            full = true;
        } else if (buffered <= maxBuffered / 2) {
            full = false;
        }
        Set<Integer> paused = new TreeSet<>();
        for (Integer partition : assigned) {
            if (full || windowFull.test(partition)) {
                paused.add(partition);
            }
        }
        return paused;
    }

    public boolean isFull() {
        return full;
    }
}
