package io.planexec.executor.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The partitions a consumer loop owns, and which of them it has paused. Changed only by the loop thread (in its
 * iterations and its rebalance callbacks); {@link #snapshot()} and {@link #pausedCount()} are for other threads.
 */
final class Partitions {

    private final Map<Integer, PartitionState> owned = new HashMap<>();
    private Set<Integer> paused = new TreeSet<>();
    private volatile Set<Integer> snapshot = Set.of();
    private volatile int pausedCount;

    /** The state of an owned partition, or {@code null}. */
    PartitionState get(int partition) {
        return owned.get(partition);
    }

    /** Whether this partition state is the current one of its partition (not one handed over and taken back since). */
    boolean owns(PartitionState partition) {
        return owned.get(partition.partition()) == partition;
    }

    Collection<PartitionState> states() {
        return owned.values();
    }

    Set<Integer> numbers() {
        return owned.keySet();
    }

    /** A partition was assigned: its state, not paused. */
    void add(PartitionState state) {
        owned.put(state.partition(), state);
        paused.remove(state.partition());
        refresh();
    }

    /** A partition was handed over. */
    void remove(int partition) {
        owned.remove(partition);
        paused.remove(partition);
        refresh();
    }

    /** A partition was taken away while the clients were being closed: nothing is paused or resumed any more. */
    void forget(int partition) {
        owned.remove(partition);
        refresh();
    }

    Set<Integer> paused() {
        return paused;
    }

    void paused(Set<Integer> now) {
        paused = now;
        refresh();
    }

    /** The owned partitions, as of the loop's last change (for tests and health checks). */
    Set<Integer> snapshot() {
        return snapshot;
    }

    int pausedCount() {
        return pausedCount;
    }

    /** The clients are closed: the loop owns nothing any more. */
    void closed() {
        snapshot = Set.of();
    }

    private void refresh() {
        snapshot = Set.copyOf(owned.keySet());
        pausedCount = paused.size();
    }
}
