package io.planexec.planner.reply;

import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.planner.metrics.PlannerMetrics;
import io.planexec.planner.topic.TopicChecks;
import io.planexec.topics.ResultRecords;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies plan results from {@code <prefix>.plan-results} to the reply topics their headers name ({@link
 * ResultRecords#REPLY_TO}), exactly once: each batch of copies commits in one transaction with the consumed offsets.
 *
 * <p>The planner's stream threads never write to an agent's topic: a topic that is missing, was deleted or may not be
 * written would block their producer and with it every plan of the task. Here such a topic costs only its own copy.
 * Before copying, the forwarder asks {@link TopicChecks} (cached) whether the topic can take it; if not, the result
 * stays on the results topic only, and a {@code REPLY_UNDELIVERED} event says why. A send that fails anyway (the topic
 * was deleted a moment ago) aborts the transaction; the topic is then held unusable and the batch is copied again
 * without it. The copy keeps the key, value, timestamp and part headers of the original.
 *
 * <p>Offsets of batches with nothing to copy are committed every {@code idleCommit}, not per batch: re-reading them
 * after a restart does nothing. One thread; {@link #stop()} from any thread.
 */
public final class ReplyForwarder implements Runnable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplyForwarder.class);
    private static final long RETRY_BACKOFF_MIN_MS = 100;
    private static final long RETRY_BACKOFF_MAX_MS = 5_000;
    private static final int COMMIT_ATTEMPTS = 3;

    /**
     * The forwarder's settings.
     *
     * @param resultsTopic where results are read
     * @param eventsTopic where {@code REPLY_UNDELIVERED} events go
     * @param poll the longest poll
     * @param idleCommit how often offsets of batches without copies are committed
     */
    public record Settings(
            String resultsTopic, String eventsTopic, Duration poll, Duration idleCommit, boolean leaveGroupOnClose) {}

    private final Settings settings;
    private final Consumer<byte[], byte[]> consumer;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final TopicChecks replyTopics;
    private final PlannerMetrics metrics;
    private final WireFormat wire;
    private final Time time;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private Producer<byte[], byte[]> producer;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private long lastCommitMs;
    private long backoffMs;
    private volatile boolean stopping;

    /**
     * @param consumer a consumer of the results topic in the forwarder's group, read_committed, without auto commit
     * @param producers makes the transactional producer (again, after one that cannot go on)
     */
    public ReplyForwarder(
            Settings settings,
            Consumer<byte[], byte[]> consumer,
            Supplier<Producer<byte[], byte[]>> producers,
            TopicChecks replyTopics,
            PlannerMetrics metrics,
            WireFormat wire,
            Time time) {
        this.settings = settings;
        this.consumer = consumer;
        this.producers = producers;
        this.replyTopics = replyTopics;
        this.metrics = metrics;
        this.wire = wire;
        this.time = time;
    }

    /** Completes when the forwarder has stopped; exceptionally when it failed. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** Asks the forwarder to stop; returns at once (see {@link #stopped()}). */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            start();
            LOGGER.info("reply_forwarder=running topic={}", settings.resultsTopic());
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(settings.poll());
                } catch (WakeupException e) {
                    continue;
                }
                forward(records);
                commitIdleOffsets(false);
            }
            commitIdleOffsets(true);
            stopped.complete(null);
        } catch (WakeupException e) {
            stopped.complete(null);
        } catch (RuntimeException | Error e) {
            LOGGER.error("reply_forwarder=failed error=\"{}\"", e.toString(), e);
            stopped.completeExceptionally(e);
        } finally {
            close();
        }
    }

    /** Makes the producer (fencing a predecessor with its transactional id) and joins the group. */
    void start() {
        producer = newProducer();
        consumer.subscribe(List.of(settings.resultsTopic()), new Rebalance());
        lastCommitMs = time.milliseconds();
    }

    // ---- one batch ----

    /** Copies what a batch asks for; on a failure rewinds to the batch's start, to copy it again. */
    void forward(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> next = nextOffsets(records);
        List<ConsumerRecord<byte[], byte[]>> toCopy = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.headers().lastHeader(ResultRecords.REPLY_TO) != null) {
                toCopy.add(record);
            }
        }
        if (toCopy.isEmpty()) {
            uncommitted.putAll(next);
            return;
        }
        Map<String, TopicChecks.Verdict> verdicts = verdicts(toCopy);
        Map<String, String> failures = new ConcurrentHashMap<>();
        int copies = 0;
        int undelivered = 0;
        try {
            producer.beginTransaction();
            for (ConsumerRecord<byte[], byte[]> record : toCopy) {
                for (String topic : replyTos(record)) {
                    TopicChecks.Verdict verdict = verdicts.get(topic);
                    if (verdict.usable()) {
                        send(record, topic, failures);
                        copies++;
                    } else if (startsResult(record)) {
                        undelivered(record, topic, verdict.reason());
                        undelivered++;
                    }
                }
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(uncommitted);
            offsets.putAll(next);
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            commitTransaction();
        } catch (ApplicationRecoverableException
                | AuthorizationException
                | UnsupportedVersionException
                | OutOfOrderSequenceException
                | IllegalStateException e) {
            LOGGER.warn("reply_forwarder=producer_replaced error=\"{}\"", e.toString());
            replaceProducer();
            retryLater(records, failures);
            return;
        } catch (KafkaException e) {
            LOGGER.warn(
                    "reply_forwarder=transaction_aborted records={} failed_topics={} error=\"{}\"",
                    toCopy.size(),
                    failures.keySet(),
                    e.toString());
            abort();
            retryLater(records, failures);
            return;
        }
        uncommitted.clear();
        lastCommitMs = time.milliseconds();
        backoffMs = 0;
        metrics.repliesCopied(copies);
        for (int i = 0; i < undelivered; i++) {
            metrics.replyFallback();
        }
    }

    /** Commits, trying again after a timeout (a commit that timed out must be retried, not aborted). */
    private void commitTransaction() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (attempt >= COMMIT_ATTEMPTS) {
                    throw e;
                }
                LOGGER.warn("reply_forwarder=commit_timeout attempt={}", attempt);
            }
        }
    }

    private Map<String, TopicChecks.Verdict> verdicts(List<ConsumerRecord<byte[], byte[]>> toCopy) {
        Set<String> topics = new LinkedHashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : toCopy) {
            topics.addAll(replyTos(record));
        }
        topics.forEach(replyTopics::prefetch);
        Map<String, TopicChecks.Verdict> verdicts = new LinkedHashMap<>();
        for (String topic : topics) {
            verdicts.put(topic, replyTopics.check(topic));
        }
        return verdicts;
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the send's callback records a failure
    private void send(ConsumerRecord<byte[], byte[]> record, String topic, Map<String, String> failures) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            if (!h.key().equals(ResultRecords.REPLY_TO)) {
                headers.add(h);
            }
        }
        ProducerRecord<byte[], byte[]> copy =
                new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value(), headers);
        producer.send(copy, (metadata, error) -> {
            if (error != null) {
                failures.putIfAbsent(topic, error.toString());
            }
        });
    }

    @SuppressWarnings("FutureReturnValueIgnored") // sent in the batch's transaction, whose commit is checked
    private void undelivered(ConsumerRecord<byte[], byte[]> record, String topic, String reason) {
        String planId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String detail = "reply_to '" + topic + "' cannot take the result: " + reason + "; the result is on "
                + settings.resultsTopic() + " only";
        LOGGER.warn("reply_undelivered plan_id={} topic={} reason=\"{}\"", planId, topic, reason);
        if (planId == null) {
            return;
        }
        PlanEvent event = new PlanEvent(
                planId,
                PlanEventType.REPLY_UNDELIVERED,
                null,
                null,
                null,
                null,
                Instant.ofEpochMilli(time.milliseconds()),
                detail);
        producer.send(new ProducerRecord<>(settings.eventsTopic(), record.key(), wire.writePlanEvent(event)));
    }

    /** The first record of a result (the only one, or its part 1): where an undelivered copy is reported once. */
    private static boolean startsResult(ConsumerRecord<byte[], byte[]> record) {
        Header part = record.headers().lastHeader(ResultRecords.PART);
        if (part == null) {
            return true;
        }
        try {
            return ResultRecords.Part.parse(part.value()).index() == 1;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static List<String> replyTos(ConsumerRecord<byte[], byte[]> record) {
        List<String> topics = new ArrayList<>(1);
        for (Header h : record.headers().headers(ResultRecords.REPLY_TO)) {
            String topic = new String(h.value(), StandardCharsets.UTF_8);
            if (!topics.contains(topic)) {
                topics.add(topic);
            }
        }
        return topics;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            next.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return next;
    }

    // ---- failures ----

    /**
     * The batch goes back to be copied again, from the committed offsets of its partitions (a producer replaced after a
     * commit that timed out may have committed the batch after all: then it is not copied twice). Topics a send failed
     * on are held unusable, so the next try leaves them out and reports them; when no topic is to blame, the next try
     * waits a backoff.
     */
    private void retryLater(ConsumerRecords<byte[], byte[]> records, Map<String, String> failures) {
        failures.forEach((topic, error) -> replyTopics.failed(topic, "sending to it failed: " + error));
        Set<TopicPartition> owned = new HashSet<>(records.partitions());
        owned.retainAll(consumer.assignment());
        Map<TopicPartition, OffsetAndMetadata> committed = owned.isEmpty() ? Map.of() : consumer.committed(owned);
        for (TopicPartition tp : owned) {
            OffsetAndMetadata at = committed.get(tp);
            long start = records.records(tp).get(0).offset();
            consumer.seek(tp, at == null ? start : at.offset());
            uncommitted.remove(tp);
        }
        if (failures.isEmpty()) {
            backoffMs = backoffMs == 0 ? RETRY_BACKOFF_MIN_MS : Math.min(RETRY_BACKOFF_MAX_MS, backoffMs * 2);
            time.sleep(backoffMs);
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            LOGGER.warn("reply_forwarder=producer_replaced reason=\"abort failed: {}\"", e.toString());
            replaceProducer();
        }
    }

    private void replaceProducer() {
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOGGER.debug("reply_forwarder producer close failed: {}", e.toString());
        }
        producer = newProducer();
    }

    private Producer<byte[], byte[]> newProducer() {
        Producer<byte[], byte[]> created = producers.get();
        created.initTransactions();
        return created;
    }

    // ---- offsets of batches without copies ----

    /** Commits the offsets of batches without copies when {@code idleCommit} has passed (or {@code now}). */
    void commitIdleOffsets(boolean now) {
        if (uncommitted.isEmpty()
                || (!now
                        && time.milliseconds() - lastCommitMs
                                < settings.idleCommit().toMillis())) {
            return;
        }
        try {
            consumer.commitSync(uncommitted);
            uncommitted.clear();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOGGER.debug("reply_forwarder offsets not committed: {}", e.toString());
        }
        lastCommitMs = time.milliseconds();
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> leaving = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata om = uncommitted.remove(tp);
                if (om != null) {
                    leaving.put(tp, om);
                }
            }
            if (!leaving.isEmpty()) {
                try {
                    consumer.commitSync(leaving);
                } catch (KafkaException e) {
                    LOGGER.debug("reply_forwarder offsets of revoked partitions not committed: {}", e.toString());
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(uncommitted::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
    }

    private void close() {
        try {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.groupMembershipOperation(
                    settings.leaveGroupOnClose()
                            ? org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                            : org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        } catch (RuntimeException e) {
            LOGGER.debug("reply_forwarder consumer close failed: {}", e.toString());
        }
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOGGER.debug("reply_forwarder producer close failed: {}", e.toString());
            }
        }
        LOGGER.info("reply_forwarder=stopped");
    }
}
