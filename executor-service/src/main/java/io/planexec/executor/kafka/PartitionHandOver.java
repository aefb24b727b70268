package io.planexec.executor.kafka;

import io.planexec.executor.offsets.Mark;
import io.planexec.executor.offsets.OffsetMarks;
import io.planexec.executor.offsets.PartitionOffsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a consumer loop takes partitions and hands them over, in its consumer's rebalance callbacks (on the loop
 * thread, inside {@code poll}).
 *
 * <ul>
 *   <li><b>Assigned</b>: the partition's committed offset and the marks in its metadata ({@link OffsetMarks}) say
 *       which tasks above it are done or started, so the new owner neither re-runs nor re-reports them.
 *   <li><b>Revoked</b>: tasks of the partition that have not started are dropped (a STARTED notice still in the outbox
 *       with them; the next owner runs them); running calls get {@link LoopSettings#revokeGrace()} to finish while the
 *       loop keeps committing; then what is done is committed, and calls still running are let go (idempotent ones
 *       cancelled, non-idempotent ones left to finish and report without an offset).
 *   <li><b>Lost</b> (the member was fenced): the same, without waiting or committing: a commit would be refused.
 * </ul>
 */
final class PartitionHandOver implements ConsumerRebalanceListener {

    /** What the hand-over needs of its loop. */
    interface Loop {

        /** Whether the loop may start tasks now (not while it confirms its membership after a stall). */
        boolean mayDispatch();

        /** Waits for the loop's signal, at most this long. */
        void awaitSignal(long millis);

        /** Whether the clients are being closed: a rebalance then neither waits nor commits. */
        boolean closing();
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(PartitionHandOver.class);

    private final LoopSettings settings;
    private final String queue;
    private final Consumer<byte[], byte[]> consumer;
    private final Partitions partitions;
    private final TaskBook book;
    private final CommitPipeline commits;
    private final LoopSignal signal;
    private final Loop loop;

    private volatile boolean joined;
    private FatalLoopException fatal;

    PartitionHandOver(
            LoopSettings settings,
            Consumer<byte[], byte[]> consumer,
            Partitions partitions,
            TaskBook book,
            CommitPipeline commits,
            LoopSignal signal,
            Loop loop) {
        this.settings = settings;
        this.queue = settings.queue();
        this.consumer = consumer;
        this.partitions = partitions;
        this.book = book;
        this.commits = commits;
        this.signal = signal;
        this.loop = loop;
    }

    /** Whether the consumer has joined its group: it has had a first assignment (perhaps of no partition). */
    boolean joined() {
        return joined;
    }

    /** The failure of a hand-over, which the loop throws once {@code poll} has returned; {@code null} if none. */
    FatalLoopException fatal() {
        return fatal;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        joined = true;
        signal.polling(false);
        try {
            assigned(assigned);
        } finally {
            signal.polling(true);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        handOver(revoked, true);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        handOver(lost, false);
    }

    private void handOver(Collection<TopicPartition> leaving, boolean mayCommit) {
        if (leaving.isEmpty()) {
            return;
        }
        if (loop.closing()) {
            leaving.forEach(tp -> partitions.forget(tp.partition()));
            return;
        }
        signal.polling(false);
        try {
            leave(leaving, mayCommit);
        } catch (FatalLoopException e) {
            fatal = e;
        } finally {
            signal.polling(true);
        }
    }

    private void assigned(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata om = committed.get(tp);
            long offset = om == null ? -1 : om.offset();
            String metadata = om == null || om.metadata() == null ? "" : om.metadata();
            NavigableMap<Long, Mark> marks = new TreeMap<>();
            if (offset >= 0) {
                try {
                    marks = OffsetMarks.decode(offset, metadata);
                } catch (IllegalArgumentException e) {
                    LOGGER.error(
                            "partition={} offset={} metadata=unreadable error=\"{}\" effect=\"tasks above the"
                                    + " committed offset run again\"",
                            tp,
                            offset,
                            e.getMessage());
                }
            }
            PartitionOffsets offsets = new PartitionOffsets(offset, marks, settings.maxOffsetSpan());
            partitions.add(new PartitionState(tp, offsets, offset, metadata));
            LOGGER.info(
                    "queue={} partition={} assigned=true committed={} marked_done={} marked_started={}",
                    queue,
                    tp.partition(),
                    offset,
                    marks.values().stream().filter(m -> m == Mark.DONE).count(),
                    marks.values().stream().filter(m -> m == Mark.STARTED).count());
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> assigned) {
        for (int attempt = 1; ; attempt++) {
            try {
                return consumer.committed(new HashSet<>(assigned));
            } catch (WakeupException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private void leave(Collection<TopicPartition> revoked, boolean mayCommit) {
        Set<PartitionState> leaving = new HashSet<>();
        for (TopicPartition tp : revoked) {
            PartitionState state = partitions.get(tp.partition());
            if (state != null) {
                state.revoke();
                leaving.add(state);
            }
        }
        Predicate<PartitionState> isLeaving = leaving::contains;
        int dropped = book.dropNotStarted(isLeaving);
        boolean committed = false;
        if (mayCommit) {
            long deadline = System.nanoTime() + settings.revokeGrace().toNanos();
            while (book.hasActive(isLeaving) && System.nanoTime() < deadline) {
                book.drainCompletions();
                if (loop.mayDispatch()) {
                    book.dispatch();
                }
                commits.pump();
                loop.awaitSignal(Math.min(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 50));
            }
            book.drainCompletions();
            for (int attempt = 1; attempt <= 3 && !committed; attempt++) {
                committed = commits.commitNow();
            }
        }
        book.releaseRunning(isLeaving, null);
        for (PartitionState state : leaving) {
            partitions.remove(state.partition());
        }
        LOGGER.info(
                "queue={} partitions={} handed_over=true committed={} dropped_waiting={} still_running={}",
                queue,
                leaving,
                committed,
                dropped,
                book.hasActive(isLeaving));
    }
}
