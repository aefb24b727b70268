package io.planexec.executor.kafka;

import io.planexec.executor.metrics.ExecutorMetrics;
import io.planexec.executor.offsets.Mark;
import io.planexec.executor.schedule.Backpressure;
import io.planexec.model.StepTask;
import io.planexec.topics.TraceHeaders;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop of one latency class: one thread owning the step consumer, and a {@link CommitPipeline} owning the
 * class's transactional producer.
 *
 * <p>Each iteration polls (without waiting when a call or a transaction has ended since the last look: both wake the
 * loop), queues the new tasks by key, starts what may start, and hands what is ready to the commit thread: results,
 * STARTED notices, dead letters and, per partition, the offset of the oldest unfinished task with metadata marking the
 * finished and started tasks above it. Fetching pauses when the buffer or a partition's offset window is full.
 *
 * <p>A loop that was stalled for {@code stallConfirm} or longer (a frozen process, a long pause) may have lost its
 * partitions without knowing it yet: a consumer learns that it left the group only from its next heartbeat. Its
 * fetched tasks then wait until a transaction carrying the consumer's group metadata commits, which the group
 * coordinator refuses from a member that is no longer in the group; meanwhile the loop keeps polling, learns of the
 * hand-over and drops them. Calls already running when the stall began are not stopped by this.
 *
 * <p>Partitions handed over in a rebalance: their waiting tasks are dropped, their running calls get {@code
 * revokeGrace} to finish and commit here; then idempotent calls are cancelled (the new owner runs them again) and
 * non-idempotent ones finish and are reported without an offset (the new owner skips them: they are marked STARTED).
 */
public final class StepLoop implements Runnable {

    private static final Logger LOGGER = LoggerFactory.getLogger(StepLoop.class);
    private static final Duration DRAIN_POLL = Duration.ofMillis(50);
    private static final long LAG_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final LoopSettings settings;
    private final String queue;
    private final Consumer<byte[], byte[]> consumer;
    private final Transactions transactions;
    private final WireFormat wire;
    private final TaskRecords records;
    private final ExecutorMetrics metrics;
    private final LoopSignal signal;
    private final TaskBook book;
    private final Backpressure backpressure;
    private final CommitPipeline commits;

    private final LongSupplier nanoClock;
    private final long stallNanos;

    private final Partitions partitions = new Partitions();
    private final PartitionHandOver handOver;
    private long sequence;
    /** Set when the clients are being closed: a rebalance callback then neither waits nor commits. */
    private boolean closing;

    private volatile boolean stopping;
    private volatile long lag;
    private long lagMeasuredAtNanos;
    /** When the loop last finished an iteration (0 before the first). */
    private long aliveAtNanos;
    /** Since when fetched tasks wait for a transaction to confirm the membership after a stall; -1 when they do not. */
    private long holdingSinceNanos = -1;

    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /**
     * A loop over these clients; it owns them from now on and closes them when it stops.
     *
     * @param consumer a consumer of the class's step topic, read_committed, without auto commit (see {@link
     *     KafkaClients#consumer})
     * @param producers makes a transactional producer with the loop's transactional id (see {@link
     *     KafkaClients#producer}): one now, another after a transaction the coordinator aborted for its timeout
     */
    public StepLoop(
            LoopSettings settings,
            Consumer<byte[], byte[]> consumer,
            Supplier<Producer<byte[], byte[]>> producers,
            LoopResources resources) {
        this(settings, consumer, producers, resources, System::nanoTime);
    }

    /** As {@link #StepLoop(LoopSettings, Consumer, Supplier, LoopResources)}, with one producer and no second. */
    StepLoop(
            LoopSettings settings,
            Consumer<byte[], byte[]> consumer,
            Producer<byte[], byte[]> producer,
            LoopResources resources) {
        this(settings, consumer, onlyOnce(producer), resources, System::nanoTime);
    }

    /** As {@link #StepLoop(LoopSettings, Consumer, Producer, LoopResources)}, with the clock that measures stalls. */
    StepLoop(
            LoopSettings settings,
            Consumer<byte[], byte[]> consumer,
            Producer<byte[], byte[]> producer,
            LoopResources resources,
            LongSupplier nanoClock) {
        this(settings, consumer, onlyOnce(producer), resources, nanoClock);
    }

    private static Supplier<Producer<byte[], byte[]>> onlyOnce(Producer<byte[], byte[]> producer) {
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.getAndSet(true)) {
                throw new IllegalStateException("this loop was given one producer and cannot make another");
            }
            return producer;
        };
    }

    private StepLoop(
            LoopSettings settings,
            Consumer<byte[], byte[]> consumer,
            Supplier<Producer<byte[], byte[]>> producers,
            LoopResources resources,
            LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.stallNanos = settings.stallConfirm().toNanos();
        this.queue = settings.queue();
        this.consumer = consumer;
        this.metrics = resources.metrics();
        this.transactions = new Transactions(
                producers,
                settings.transactionalId(),
                queue,
                metrics,
                settings.transactionTimeout(),
                System::nanoTime,
                ProcessPauses.monitor()::pausedSince);
        this.wire = resources.wire();
        this.records =
                new TaskRecords(resources.topics(), resources.wire(), settings.executor(), resources.resultMaxBytes());
        this.signal = new LoopSignal(consumer);
        this.book = new TaskBook(
                queue,
                resources.tools(),
                resources.permits(),
                resources.inFlight(),
                resources.calls(),
                metrics,
                records,
                signal,
                partitions::owns,
                settings.commitLinger().toNanos());
        this.backpressure = new Backpressure(settings.maxBuffered());
        this.commits = new CommitPipeline(
                transactions,
                book.outbox(),
                partitions::states,
                partitions::owns,
                consumer::groupMetadata,
                book,
                book.linger(),
                signal::signal,
                "planexec-executor-" + queue + "-commit");
        this.handOver =
                new PartitionHandOver(settings, consumer, partitions, book, commits, signal, new HandOverLoop());
        metrics.queueGauges(queue, book::buffered, book::active, partitions::pausedCount, () -> lag);
    }

    public String queue() {
        return queue;
    }

    /** The partitions owned now (a snapshot, for tests and health checks). */
    public Set<Integer> assignment() {
        return partitions.snapshot();
    }

    /** Whether the consumer has joined its group: it has had a first assignment (perhaps of no partition). */
    public boolean joined() {
        return handOver.joined();
    }

    /**
     * The tasks waiting in the partitions this loop owns: for each, the last offset its fetches saw minus its position
     * (measured at most twice a second).
     */
    public long lag() {
        return lag;
    }

    /** Completes when the loop has stopped; exceptionally when it failed. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** Asks the loop to shut down gracefully (returns at once; see {@link #stopped()}). */
    public void stop() {
        stopping = true;
        signal.signal();
    }

    @Override
    public void run() {
        try {
            transactions.init();
            consumer.subscribe(List.of(settings.topic()), handOver);
            LOGGER.info(
                    "queue={} topic={} transactional_id={} state=running",
                    queue,
                    settings.topic(),
                    settings.transactionalId());
            while (!stopping) {
                iterate(settings.pollMax());
            }
            shutDown();
            stopped.complete(null);
        } catch (FatalLoopException e) {
            LOGGER.error("queue={} state=failed error=\"{}\"", queue, e.getMessage(), e);
            book.releaseRunning(p -> true, "the executor stopped serving its queue: " + e.getMessage());
            stopped.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            LOGGER.error("queue={} state=failed error=\"{}\"", queue, e.toString(), e);
            book.releaseRunning(p -> true, "the executor failed: " + e);
            stopped.completeExceptionally(e);
        } finally {
            closeClients();
        }
    }

    // ---- one iteration ----

    private void iterate(Duration idlePoll) {
        Duration wait = hasWork() ? Duration.ZERO : idleWait(idlePoll);
        ConsumerRecords<byte[], byte[]> records = poll(wait);
        if (handOver.fatal() != null) {
            throw handOver.fatal();
        }
        intake(records);
        book.drainCompletions();
        noticeStall(wait);
        if (!stopping && mayDispatch()) {
            book.dispatch();
        }
        commits.pump();
        applyBackpressure();
        measureLag();
        aliveAtNanos = nanoClock.getAsLong();
    }

    /**
     * After a stall longer than {@code stallConfirm} (beyond the poll's own wait), fetched tasks wait for a
     * confirming transaction ({@link CommitPipeline#confirmMembership()}).
     */
    private void noticeStall(Duration wait) {
        if (stallNanos <= 0 || aliveAtNanos == 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        long stalled = now - aliveAtNanos - wait.toNanos();
        if (stalled < stallNanos) {
            return;
        }
        if (holdingSinceNanos < 0) {
            holdingSinceNanos = now;
        }
        commits.confirmMembership();
        LOGGER.warn(
                "queue={} stalled_ms={} waiting_tasks={} effect=\"tasks start once a transaction confirms that this"
                        + " executor still owns its partitions\"",
                queue,
                TimeUnit.NANOSECONDS.toMillis(stalled),
                book.buffered());
    }

    /** Whether tasks may start: no confirmation after a stall is pending. */
    private boolean mayDispatch() {
        if (holdingSinceNanos < 0) {
            return true;
        }
        if (!commits.membershipConfirmed()) {
            return false;
        }
        LOGGER.info(
                "queue={} membership=confirmed held_ms={} waiting_tasks={}",
                queue,
                TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - holdingSinceNanos),
                book.buffered());
        holdingSinceNanos = -1;
        return true;
    }

    private void measureLag() {
        long now = System.nanoTime();
        if (now - lagMeasuredAtNanos < LAG_INTERVAL_NANOS) {
            return;
        }
        lagMeasuredAtNanos = now;
        long total = 0;
        for (int partition : partitions.numbers()) {
            OptionalLong behind = consumer.currentLag(new TopicPartition(settings.topic(), partition));
            if (behind.isPresent()) {
                total += behind.getAsLong();
            }
        }
        lag = total;
    }

    /**
     * The idle wait, shortened to when a transaction held back for calls about to end must start, or a task waiting
     * for its tool's rate limit may.
     */
    private Duration idleWait(Duration idlePoll) {
        long wakeIn = Math.min(commits.wakeInNanos(), book.wakeInNanos());
        if (wakeIn >= idlePoll.toNanos()) {
            return idlePoll;
        }
        return Duration.ofMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wakeIn + 999_999)));
    }

    private boolean hasWork() {
        return book.hasCompletions() || commits.hasWork();
    }

    private ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        signal.polling(true);
        try {
            Duration wait = book.hasCompletions() ? Duration.ZERO : timeout;
            return consumer.poll(wait);
        } catch (WakeupException e) {
            return ConsumerRecords.empty();
        } finally {
            signal.polling(false);
            signal.clear();
        }
    }

    private void intake(ConsumerRecords<byte[], byte[]> records) {
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            PartitionState partition = partitions.get(record.partition());
            if (partition == null) {
                LOGGER.warn(
                        "queue={} partition={} offset={} record=ignored reason=\"partition not owned\"",
                        queue,
                        record.partition(),
                        record.offset());
                continue;
            }
            Mark mark = partition.offsets().received(record.offset());
            if (mark == Mark.DONE) {
                metrics.skipped(queue);
                continue;
            }
            if (mark == Mark.STARTED) {
                metrics.unknown(queue);
                LOGGER.warn(
                        "task={}@{} step={} call=not_repeated reason=\"its non-idempotent call started under a"
                                + " previous owner that never reported it; the planner ends the step UNKNOWN\"",
                        partition,
                        record.offset(),
                        describe(record));
                continue;
            }
            StepTask task;
            try {
                task = wire.readStepTask(record.value());
            } catch (WireFormatException e) {
                deadLetter(record, partition, "unreadable step task: " + e.getMessage(), e.path());
                continue;
            } catch (RuntimeException e) {
                deadLetter(record, partition, "unreadable step task: " + e, "");
                continue;
            }
            String key = record.key() == null
                    ? record.partition() + "@" + record.offset()
                    : record.partition() + "/" + new String(record.key(), StandardCharsets.UTF_8);
            book.add(new TaskEntry(
                    partition,
                    record.offset(),
                    sequence++,
                    key,
                    task,
                    now,
                    TraceHeaders.read(record.headers()).orElse(null)));
        }
    }

    private String describe(ConsumerRecord<byte[], byte[]> record) {
        try {
            return wire.readStepTask(record.value()).idempotencyKey();
        } catch (RuntimeException e) {
            return "(unreadable)";
        }
    }

    private void deadLetter(
            ConsumerRecord<byte[], byte[]> record, PartitionState partition, String error, String path) {
        LOGGER.warn("task={}@{} dead_letter=true error=\"{}\"", partition, record.offset(), error);
        book.outbox()
                .add(new Outbox.Item(
                        Outbox.Kind.DEAD_LETTER, records.deadLetter(record, error, path), null, partition));
        partition.offsets().done(record.offset());
        metrics.deadLetter(queue);
    }

    // ---- committing ----

    // ---- flow control ----

    private void applyBackpressure() {
        Set<Integer> desired = stopping
                ? new TreeSet<>(partitions.numbers())
                : backpressure.paused(
                        book.buffered(),
                        partitions.numbers(),
                        p -> partitions.get(p).offsets().windowFull());
        Set<Integer> paused = partitions.paused();
        if (desired.equals(paused)) {
            return;
        }
        Set<Integer> toPause = new HashSet<>(desired);
        toPause.removeAll(paused);
        Set<Integer> toResume = new HashSet<>(paused);
        toResume.removeAll(desired);
        toResume.retainAll(partitions.numbers());
        if (!toPause.isEmpty()) {
            consumer.pause(topicPartitions(toPause));
        }
        if (!toResume.isEmpty()) {
            consumer.resume(topicPartitions(toResume));
        }
        if (!toPause.isEmpty() || !toResume.isEmpty()) {
            LOGGER.debug("queue={} paused={} buffered={}", queue, desired, book.buffered());
        }
        partitions.paused(desired);
    }

    private List<TopicPartition> topicPartitions(Collection<Integer> partitions) {
        return partitions.stream()
                .map(p -> new TopicPartition(settings.topic(), p))
                .toList();
    }

    // ---- rebalances ----

    /** What the partition hand-over asks of this loop. */
    private final class HandOverLoop implements PartitionHandOver.Loop {

        @Override
        public boolean mayDispatch() {
            return StepLoop.this.mayDispatch();
        }

        @Override
        public void awaitSignal(long millis) {
            StepLoop.this.awaitSignal(millis);
        }

        @Override
        public boolean closing() {
            return closing;
        }
    }

    private void awaitSignal(long millis) {
        try {
            signal.await(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- shutdown ----

    private void shutDown() {
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        applyBackpressure();
        int dropped = book.dropNotStarted(p -> true);
        LOGGER.info(
                "queue={} state=stopping running={} dropped_waiting={} grace_ms={}",
                queue,
                book.active(),
                dropped,
                settings.shutdownGrace().toMillis());
        while (book.active() > 0 && System.nanoTime() < deadline) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            iterate(Duration.ofMillis(Math.max(1, Math.min(left, DRAIN_POLL.toMillis()))));
        }
        if (book.active() > 0) {
            LOGGER.warn(
                    "queue={} state=stopping calls_cancelled={} reason=\"shutdown grace of {} ms expired\"",
                    queue,
                    book.active(),
                    settings.shutdownGrace().toMillis());
            book.releaseRunning(
                    p -> true,
                    "the executor shut down and cancelled the call after its shutdown grace of "
                            + settings.shutdownGrace().toMillis()
                            + " ms (executor.shutdown.grace.ms); it may or may not have taken effect");
        }
        book.drainCompletions();
        for (int attempt = 1; attempt <= 3 && !commits.commitNow(); attempt++) {
            awaitSignal(100);
        }
        LOGGER.info("queue={} state=stopped", queue);
    }

    private void closeClients() {
        closing = true;
        commits.close();
        try {
            consumer.close(CloseOptions.groupMembershipOperation(
                    settings.leaveGroupOnClose()
                            ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                            : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        } catch (RuntimeException e) {
            LOGGER.warn("queue={} consumer_close_failed=\"{}\"", queue, e.toString());
        }
        try {
            transactions.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOGGER.warn("queue={} producer_close_failed=\"{}\"", queue, e.toString());
        }
        partitions.closed();
    }
}
