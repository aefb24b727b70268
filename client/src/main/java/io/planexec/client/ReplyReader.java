package io.planexec.client;

import io.planexec.config.Durations;
import io.planexec.topics.ResultRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the results of the plans a client waits for from a shared results topic, without a consumer group and without
 * a topic of its own: it reads only the partitions its plan ids hash to (the key partitioner's murmur2, as the planner
 * writes them), assigned by hand, and hands on the records of the plans it watches, their parts put back together
 * ({@link ResultRecords}).
 *
 * <p>A plan is watched before its request is sent ({@link #watch}): when its partition is not read yet, the reader
 * starts reading it at its end and returns once that position is fixed, so the result, written after the request, is
 * never missed. A partition nobody has watched for {@code idleRelease} is let go. The partition count is read again
 * every {@code refreshEvery}: when partitions were added, the plans watched move to the partition their ids hash to
 * now (see {@link #refreshPartitions}).
 *
 * <p>The consumer is touched only by the reader's thread; {@link #watch} and {@link #unwatch} hand it commands.
 */
final class ReplyReader implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplyReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** A plan to watch, and when its partition is being read. */
    private record Watch(String planId, boolean add, CompletableFuture<Void> positioned) {}

    private final String topic;
    private final Consumer<String, byte[]> consumer;
    private final BiConsumer<String, byte[]> onResult;
    private final long maxResultBytes;
    private final long idleReleaseMs;
    private final long refreshEveryMs;
    private final LongSupplier clock;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Watch> commands = new ConcurrentLinkedQueue<>();
    private final CountDownLatch started = new CountDownLatch(1);

    // reader thread only
    private int partitions;
    private final Map<String, Integer> watched = new HashMap<>();
    private final Map<Integer, Integer> watchers = new HashMap<>();
    private final Map<Integer, Long> idleSince = new HashMap<>();
    private final Set<Integer> reading = new HashSet<>();
    private final Map<String, ResultRecords.Assembly> assemblies = new HashMap<>();
    private long refreshedAtMs;

    private volatile RuntimeException startFailure;
    private volatile boolean running = true;

    /**
     * @param consumer a consumer without a group, read_committed, never used by anyone else
     * @param onResult gets the plan id and the whole result of every watched plan (on the reader's thread)
     * @param maxResultBytes the largest result put together from parts
     */
    ReplyReader(
            String topic,
            Consumer<String, byte[]> consumer,
            BiConsumer<String, byte[]> onResult,
            long maxResultBytes,
            Duration idleRelease,
            Duration refreshEvery,
            LongSupplier clock,
            String threadName) {
        this.topic = topic;
        this.consumer = consumer;
        this.onResult = onResult;
        this.maxResultBytes = maxResultBytes;
        this.idleReleaseMs = idleRelease.toMillis();
        this.refreshEveryMs = refreshEvery.toMillis();
        this.clock = clock;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Starts reading: returns once the topic's partitions are known.
     *
     * @throws IllegalStateException when the topic does not exist or the cluster does not answer in time
     */
    void start(Duration timeout) throws InterruptedException {
        thread.start();
        if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException("could not read the partitions of topic '" + topic + "' within "
                    + Durations.human(timeout) + ": is the cluster reachable?");
        }
        if (startFailure != null) {
            throw startFailure;
        }
    }

    /**
     * Watches a plan: returns once the partition its result will be on is being read from a position before anything
     * published from now on.
     *
     * @throws TimeoutException when the reader did not get there in time
     */
    void watch(String planId, Duration timeout) throws InterruptedException, TimeoutException {
        try {
            watchAsync(planId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the results of plan '" + planId + "': " + e.getCause(), e);
        }
    }

    /** Watches a plan; the future completes once its partition is being read (see {@link #watch}). */
    CompletableFuture<Void> watchAsync(String planId) {
        CompletableFuture<Void> positioned = new CompletableFuture<>();
        commands.add(new Watch(planId, true, positioned));
        wake();
        return positioned;
    }

    /** Stops watching a plan (its result arrived, or nobody waits for it any more). */
    void unwatch(String planId) {
        commands.add(new Watch(planId, false, null));
    }

    /** Wakes the reader's thread: out of its poll, or out of its wait when it reads nothing. */
    private void wake() {
        consumer.wakeup();
        synchronized (commands) {
            commands.notifyAll();
        }
    }

    /** The partitions being read now (for tests; a snapshot taken on another thread may be stale). */
    Set<Integer> partitionsRead() {
        return Set.copyOf(reading);
    }

    private void run() {
        try {
            init();
        } catch (RuntimeException e) {
            startFailure = e instanceof WakeupException ? new IllegalStateException("closed while starting") : e;
            started.countDown();
            consumer.close();
            return;
        }
        started.countDown();
        try {
            while (running) {
                step();
            }
        } catch (RuntimeException e) {
            LOGGER.error("topic={} stopped reading results: {}", topic, e.toString(), e);
            failWatches(e);
        } finally {
            consumer.close();
        }
    }

    /** Learns the topic's partition count (the reader's thread does it first; tests call it directly). */
    void init() {
        partitions = partitionCount();
        refreshedAtMs = clock.getAsLong();
    }

    /**
     * One turn of the reader: applies watches, refreshes the partition count when due, lets idle partitions go, and
     * polls once (or waits for a watch while it reads nothing). Runs on the reader's thread; tests call it directly.
     */
    void step() {
        try {
            applyCommands();
            refreshPartitions();
            releaseIdle();
            if (reading.isEmpty()) {
                waitForCommands();
                return;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                handle(record);
            }
        } catch (WakeupException e) {
            // a command arrived, or closing
        }
    }

    private int partitionCount() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic '" + topic + "' does not exist");
        }
        return infos.size();
    }

    private void waitForCommands() {
        try {
            // nothing assigned: poll would throw; sleep until a watch wakes the loop (wakeup is for poll only)
            synchronized (commands) {
                if (commands.isEmpty() && running) {
                    commands.wait(POLL.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Applies watches and unwatches. Partitions newly needed are read from their end: each is positioned (seek to end,
     * then {@code position}, which fixes it) before its watches are told, and a partition already positioned is never
     * moved, even when a wakeup interrupts the positioning of another and this runs again.
     */
    private void applyCommands() {
        List<Watch> pendingAdds = new ArrayList<>();
        Watch command;
        while ((command = commands.poll()) != null) {
            if (command.add()) {
                pendingAdds.add(command);
            } else {
                Integer partition = watched.remove(command.planId());
                if (partition != null) {
                    release(partition);
                }
                assemblies.remove(command.planId());
            }
        }
        if (pendingAdds.isEmpty()) {
            return;
        }
        Set<Integer> newPartitions = new HashSet<>();
        for (Watch w : pendingAdds) {
            int partition = partitionOf(w.planId());
            if (!watched.containsKey(w.planId())) {
                watched.put(w.planId(), partition);
                watchers.merge(partition, 1, Integer::sum);
            }
            idleSince.remove(partition);
            if (!reading.contains(partition)) {
                newPartitions.add(partition);
            }
        }
        try {
            startReading(newPartitions, null);
        } catch (WakeupException e) {
            // positioned partitions are recorded; the others (and their watches) are tried again
            commands.addAll(pendingAdds);
            throw e;
        }
        pendingAdds.forEach(w -> w.positioned().complete(null));
    }

    /**
     * Adds partitions to the assignment and fixes their positions: at their end, or, with {@code fromTimestampMs}, at
     * the first record written since then (at the end when there is none).
     */
    private void startReading(Set<Integer> newPartitions, Long fromTimestampMs) {
        if (newPartitions.isEmpty()) {
            return;
        }
        Set<Integer> wanted = new HashSet<>(reading);
        wanted.addAll(newPartitions);
        consumer.assign(topicPartitions(wanted));
        Map<TopicPartition, OffsetAndTimestamp> since = Map.of();
        if (fromTimestampMs != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            newPartitions.forEach(p -> query.put(new TopicPartition(topic, p), fromTimestampMs));
            since = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        }
        for (int p : newPartitions) {
            TopicPartition tp = new TopicPartition(topic, p);
            OffsetAndTimestamp at = since.get(tp);
            if (at != null) {
                consumer.seek(tp, at.offset());
            } else {
                consumer.seekToEnd(List.of(tp));
            }
            consumer.position(tp); // fixes the position now
            reading.add(p);
        }
    }

    private void release(int partition) {
        int left = watchers.merge(partition, -1, Integer::sum);
        if (left <= 0) {
            watchers.remove(partition);
            idleSince.put(partition, clock.getAsLong());
        }
    }

    /** Lets go of partitions nobody watched for a while (their positions would only lag further behind). */
    private void releaseIdle() {
        long now = clock.getAsLong();
        Set<Integer> drop = new HashSet<>();
        idleSince.forEach((p, since) -> {
            if (now - since >= idleReleaseMs && !watchers.containsKey(p)) {
                drop.add(p);
            }
        });
        if (drop.isEmpty()) {
            return;
        }
        drop.forEach(idleSince::remove);
        reading.removeAll(drop);
        consumer.assign(topicPartitions(reading));
    }

    /**
     * Reads the partition count again now and then: when partitions were added, the planner writes new results where
     * the plan ids hash to now. Each watched plan moves there; a partition not read yet is read from the records written
     * since a minute before the previous count was read (the count changed after that), so no result is missed.
     */
    private void refreshPartitions() {
        long now = clock.getAsLong();
        if (now - refreshedAtMs < refreshEveryMs) {
            return;
        }
        long knownOldAtMs = refreshedAtMs;
        refreshedAtMs = now;
        int count;
        try {
            count = partitionCount();
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOGGER.debug("topic={} partition count not refreshed: {}", topic, e.toString());
            return;
        }
        if (count <= partitions) {
            return;
        }
        LOGGER.info("topic={} partitions={} was={} watched_plans_moved={}", topic, count, partitions, watched.size());
        partitions = count;
        Map<String, Integer> moved = new HashMap<>();
        for (String planId : watched.keySet()) {
            moved.put(planId, partitionOf(planId));
        }
        watched.clear();
        watchers.clear();
        moved.forEach((planId, p) -> {
            watched.put(planId, p);
            watchers.merge(p, 1, Integer::sum);
        });
        Set<Integer> notRead = new HashSet<>(watchers.keySet());
        notRead.removeAll(reading);
        startReading(notRead, knownOldAtMs - TimeUnit.MINUTES.toMillis(1));
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        String planId = record.key();
        if (planId == null || !watched.containsKey(planId) || record.value() == null) {
            return;
        }
        byte[] whole;
        try {
            whole = assemblies
                    .computeIfAbsent(planId, id -> new ResultRecords.Assembly(maxResultBytes))
                    .add(header(record, ResultRecords.PART), header(record, ResultRecords.RESULT_ID), record.value());
        } catch (IllegalArgumentException e) {
            LOGGER.warn(
                    "topic={} partition={} offset={} plan={} result part skipped: {}",
                    topic,
                    record.partition(),
                    record.offset(),
                    planId,
                    e.getMessage());
            return;
        }
        if (whole == null) {
            return;
        }
        assemblies.remove(planId);
        onResult.accept(planId, whole);
    }

    private static byte[] header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : h.value();
    }

    private int partitionOf(String planId) {
        return Utils.toPositive(Utils.murmur2(planId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private List<TopicPartition> topicPartitions(Set<Integer> ps) {
        return ps.stream().sorted().map(p -> new TopicPartition(topic, p)).toList();
    }

    private void failWatches(RuntimeException e) {
        Watch w;
        while ((w = commands.poll()) != null) {
            if (w.positioned() != null) {
                w.positioned().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
