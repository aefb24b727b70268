package io.planexec.executor.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits a consumer loop's outbox and offsets on a thread of its own, one transaction at a time, while the loop goes
 * on running tasks: everything that becomes ready during a transaction goes into the next one. A transaction that
 * aborts is retried with its records ahead of newer ones; a fatal failure surfaces in the loop thread. Ready results
 * may wait a moment for calls that started with them ({@link CommitLinger}), so that they share a transaction.
 *
 * <p>Methods are called by the loop thread only.
 */
final class CommitPipeline implements AutoCloseable {

    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * What one transaction holds.
     *
     * @param confirms whether it carries the offsets of every partition with tasks, under a group generation: its
     *     commit confirms that the consumer still owned them (see {@link #confirmMembership()})
     */
    private record Batch(List<Outbox.Item> items, Map<PartitionState, OffsetAndMetadata> offsets, boolean confirms) {}

    private final Transactions transactions;
    private final Outbox outbox;
    private final Supplier<Collection<PartitionState>> owned;
    private final Predicate<PartitionState> owns;
    private final Supplier<ConsumerGroupMetadata> group;
    private final CommitListener listener;
    private final ExecutorService thread;
    private final Runnable wake;
    private final CommitLinger<?> linger;

    private Batch batch;
    private CompletableFuture<Boolean> result;
    private long pausedUntil;
    /** While ready results wait for calls about to end ({@link CommitLinger}): until when; 0 when they do not. */
    private long heldUntil;
    /** Whether a transaction must confirm the consumer's membership ({@link #confirmMembership()}). */
    private boolean confirmRequested;

    /** Hears about transactions (on the loop thread). */
    interface CommitListener {
        /** A transaction with these records is starting. */
        void committing(List<Outbox.Item> items);

        /** It committed. */
        void committed(List<Outbox.Item> items, long nanos);

        /** It did not commit; its records are back in the outbox. */
        void notCommitted(List<Outbox.Item> items);
    }

    /**
     * @param owned the partitions owned now
     * @param owns whether a partition is still owned
     * @param group the consumer's group metadata (read on the loop thread)
     * @param linger whether ready results wait for calls about to end
     * @param wake called on the commit thread when a transaction ends
     */
    CommitPipeline(
            Transactions transactions,
            Outbox outbox,
            Supplier<Collection<PartitionState>> owned,
            Predicate<PartitionState> owns,
            Supplier<ConsumerGroupMetadata> group,
            CommitListener listener,
            CommitLinger<?> linger,
            Runnable wake,
            String threadName) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.owned = owned;
        this.owns = owns;
        this.group = group;
        this.listener = listener;
        this.linger = linger;
        this.wake = wake;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Asks for a transaction that commits the offsets of every owned partition with tasks, under the consumer's group
     * metadata, even if none changed. The group coordinator refuses it from a member that is no longer in the group's
     * generation (KIP-447), so its commit confirms that the partitions were still this consumer's at that moment.
     * {@link #membershipConfirmed()} says when one has committed.
     */
    void confirmMembership() {
        confirmRequested = true;
    }

    /**
     * Whether no confirmation is pending: the last one asked for has committed (or there was nothing to confirm: no
     * owned partition has tasks).
     */
    boolean membershipConfirmed() {
        if (confirmRequested && result == null && nothingToConfirm()) {
            confirmRequested = false;
        }
        return !confirmRequested;
    }

    private boolean nothingToConfirm() {
        for (PartitionState partition : owned.get()) {
            if (partition.offsets().commitOffset() >= 0) {
                return false;
            }
        }
        return true;
    }

    /** A consumer that lost its membership reports no generation until it has joined again: nothing to confirm with. */
    private boolean canConfirm() {
        return confirmRequested && group.get().generationId() >= 0 && !nothingToConfirm();
    }

    /** Whether the loop should look again at once: a transaction ended, or one could start now. */
    boolean hasWork() {
        if (result != null) {
            return result.isDone();
        }
        long now = System.nanoTime();
        return now >= pausedUntil && now >= heldUntil && hasSomethingToCommit();
    }

    /** How long the loop may wait before it must look again, for a transaction held back by the linger. */
    long wakeInNanos() {
        if (result == null && heldUntil != 0) {
            return Math.max(0, heldUntil - System.nanoTime());
        }
        return Long.MAX_VALUE;
    }

    private boolean hasSomethingToCommit() {
        if (!outbox.isEmpty() || canConfirm()) {
            return true;
        }
        for (PartitionState partition : owned.get()) {
            if (partition.needsCommit()) {
                return true;
            }
        }
        return false;
    }

    /** Collects an ended transaction and starts the next one when something is ready; never blocks. */
    void pump() {
        if (result != null && !result.isDone()) {
            return;
        }
        collect();
        if (System.nanoTime() >= pausedUntil) {
            start(false);
        }
    }

    /**
     * Commits everything ready now and waits for it (rebalances, shutdown).
     *
     * @return whether everything ready was committed
     */
    boolean commitNow() {
        collect();
        if (!start(true)) {
            return true;
        }
        return collect();
    }

    /**
     * Starts a transaction if anything is ready; returns whether one started.
     *
     * @param now whether to start at once, without waiting for calls about to end
     */
    private boolean start(boolean now) {
        outbox.dropOrphans(owns);
        if (!now && !outbox.isEmpty()) {
            heldUntil = linger.waitUntil(System.nanoTime());
            if (heldUntil != 0) {
                return false;
            }
        }
        heldUntil = 0;
        ConsumerGroupMetadata metadata = group.get();
        boolean confirms = confirmRequested && metadata.generationId() >= 0;
        Map<PartitionState, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState partition : owned.get()) {
            if (partition.needsCommit() || (confirms && partition.offsets().commitOffset() >= 0)) {
                offsets.put(
                        partition,
                        new OffsetAndMetadata(
                                partition.offsets().commitOffset(),
                                partition.offsets().metadata()));
            }
        }
        if (outbox.isEmpty() && offsets.isEmpty()) {
            return false;
        }
        linger.committing();
        List<Outbox.Item> items = outbox.takeAll();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(items.size());
        items.forEach(item -> records.add(item.record()));
        Map<TopicPartition, OffsetAndMetadata> byTopicPartition = new HashMap<>();
        offsets.forEach((partition, om) -> byTopicPartition.put(partition.topicPartition(), om));
        batch = new Batch(items, offsets, confirms);
        listener.committing(items);
        result = CompletableFuture.supplyAsync(() -> transactions.commit(records, byTopicPartition, metadata), thread);
        CompletableFuture<Boolean> unused = result.whenComplete((ok, error) -> wake.run());
        return true;
    }

    /** Waits for the transaction in flight, if any, and applies its outcome; returns whether it committed. */
    private boolean collect() {
        if (result == null) {
            return true;
        }
        boolean committed;
        try {
            committed = result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalLoopException("interrupted while committing", e);
        } catch (ExecutionException e) {
            result = null;
            outbox.restore(batch.items());
            listener.notCommitted(batch.items());
            batch = null;
            if (e.getCause() instanceof FatalLoopException fatal) {
                throw fatal;
            }
            throw new FatalLoopException("commit failed: " + e.getCause(), e.getCause());
        }
        Batch done = batch;
        result = null;
        batch = null;
        if (!committed) {
            outbox.restore(done.items());
            listener.notCommitted(done.items());
            pausedUntil = System.nanoTime() + RETRY_PAUSE_NANOS;
            return false;
        }
        done.offsets().forEach((partition, om) -> partition.committed(om.offset(), om.metadata()));
        pausedUntil = 0;
        if (done.confirms()) {
            confirmRequested = false;
        }
        listener.committed(done.items(), System.nanoTime());
        return true;
    }

    /** Stops the commit thread (after a last {@link #commitNow()}). */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
