package io.planexec.planner.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the planner's state stores are doing to catch up: active tasks restoring from their changelogs (after a crash
 * under exactly-once, Kafka Streams wipes a task's local state and restores all of it) and standby replicas following
 * theirs. It logs each restoration's start, its progress at most every {@code progressEvery} ms, and its end with the
 * records and time it took; standby replicas' start, lag and suspension likewise. {@link #summary()} says what is being
 * restored now, for the readiness check. Thread-safe: Kafka Streams calls it from its stream and restoration threads.
 */
final class StateRestoration implements StateRestoreListener, StandbyUpdateListener {

    private static final Logger LOGGER = LoggerFactory.getLogger(StateRestoration.class);

    /** One changelog partition being restored. */
    private static final class Restore {
        final long startOffset;
        final long endOffset;
        final long startedAtMs;
        final AtomicLong restored = new AtomicLong();
        volatile long loggedAtMs;

        Restore(long startOffset, long endOffset, long startedAtMs) {

            this.startOffset = startOffset;
            this.endOffset = endOffset;
            this.startedAtMs = startedAtMs;
            this.loggedAtMs = startedAtMs;
        }

        long toRestore() {
            return Math.max(0, endOffset - startOffset);
        }
    }

    /**
     * What is being restored now.
     *
     * @param partitions changelog partitions being restored
     * @param restored records restored so far in them
     * @param toRestore records they had to restore when they started (offsets, an upper bound: compaction and
     *     transaction markers make the count smaller)
     */
    record Summary(int partitions, long restored, long toRestore) {

        boolean restoring() {
            return partitions > 0;
        }

        /** E.g. {@code restoring 2 changelog partitions: 40312 of 120000 records (33%)}. */
        String describe() {
            long percent = toRestore == 0 ? 100 : Math.min(100, restored * 100 / toRestore);
            return "restoring " + partitions + " changelog partition" + (partitions == 1 ? "" : "s") + ": " + restored
                    + " of " + toRestore + " records (" + percent + "%)";
        }
    }

    private final long progressEveryMs;
    private final LongSupplier clock;
    private final Map<TopicPartition, Restore> active = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> standbyLoggedAtMs = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong totalRestored = new java.util.concurrent.atomic.AtomicLong();

    StateRestoration(long progressEveryMs, LongSupplier clock) {
        this.progressEveryMs = progressEveryMs;
        this.clock = clock;
    }

    Summary summary() {
        long restored = 0;
        long toRestore = 0;
        for (Restore r : active.values()) {
            restored += r.restored.get();
            toRestore += r.toRestore();
        }
        return new Summary(active.size(), restored, toRestore);
    }

    // ---- active tasks ----

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        Restore r = new Restore(startingOffset, endingOffset, clock.getAsLong());
        active.put(partition, r);
        LOGGER.info(
                "state_restore_started store={} changelog={} from_offset={} to_offset={} records_to_restore={}",
                store,
                partition,
                startingOffset,
                endingOffset,
                r.toRestore());
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        Restore r = active.get(partition);
        if (r == null) {
            return;
        }
        r.restored.addAndGet(numRestored);
        long now = clock.getAsLong();
        if (now - r.loggedAtMs >= progressEveryMs) {
            r.loggedAtMs = now;
            long seconds = Math.max(1, (now - r.startedAtMs) / 1000);
            LOGGER.info(
                    "state_restore_progress store={} changelog={} restored={} of={} offset={} rate_per_s={}",
                    store,
                    partition,
                    r.restored.get(),
                    r.toRestore(),
                    batchEndOffset,
                    r.restored.get() / seconds);
        }
    }

    /** Records restored into active tasks' stores since the start (whole restorations and suspended ones). */
    long totalRestored() {
        return totalRestored.get();
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        this.totalRestored.addAndGet(totalRestored);
        Restore r = active.remove(partition);
        long tookMs = r == null ? -1 : clock.getAsLong() - r.startedAtMs;
        LOGGER.info(
                "state_restore_done store={} changelog={} restored={} took_ms={}",
                store,
                partition,
                totalRestored,
                tookMs);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        this.totalRestored.addAndGet(totalRestored);
        active.remove(partition);
        LOGGER.info(
                "state_restore_suspended store={} changelog={} restored={} reason=\"the task moved to another"
                        + " instance or thread\"",
                store,
                partition,
                totalRestored);
    }

    // ---- standby replicas ----

    @Override
    public void onUpdateStart(TopicPartition partition, String store, long startingOffset) {
        standbyLoggedAtMs.put(partition, clock.getAsLong());
        LOGGER.info("standby_started store={} changelog={} from_offset={}", store, partition, startingOffset);
    }

    @Override
    public void onBatchLoaded(
            TopicPartition partition,
            String store,
            TaskId taskId,
            long batchEndOffset,
            long batchSize,
            long currentEndOffset) {
        long now = clock.getAsLong();
        Long last = standbyLoggedAtMs.get(partition);
        if (last == null || now - last >= progressEveryMs) {
            standbyLoggedAtMs.put(partition, now);
            LOGGER.info(
                    "standby_progress store={} changelog={} task={} offset={} lag={}",
                    store,
                    partition,
                    taskId,
                    batchEndOffset,
                    Math.max(0, currentEndOffset - batchEndOffset));
        }
    }

    @Override
    public void onUpdateSuspended(
            TopicPartition partition, String store, long storeOffset, long currentEndOffset, SuspendReason reason) {
        standbyLoggedAtMs.remove(partition);
        LOGGER.info(
                "standby_suspended store={} changelog={} offset={} lag={} reason={}",
                store,
                partition,
                storeOffset,
                Math.max(0, currentEndOffset - storeOffset),
                reason);
    }
}
