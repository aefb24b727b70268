package io.planexec.planner.reply;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.planner.metrics.PlannerMetrics;
import io.planexec.planner.topic.TopicChecks;
import io.planexec.topics.ResultRecords;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reply forwarder's loop on {@link MockConsumer} and {@link MockProducer}, with a hand clock. */
class ReplyForwarderTest {

    private static final String RESULTS = "planexec.plan-results";
    private static final String EVENTS = "planexec.events";
    private static final TopicPartition P0 = new TopicPartition(RESULTS, 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final FailingProducer producer = new FailingProducer();
    private final HandTime time = new HandTime(1_000_000);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Set<String> existing = new HashSet<>(Set.of("agent-7.results", "agent-8.results"));
    private final List<String> failedTopics = new ArrayList<>();
    private final WireFormat wire = new WireFormat();
    private ReplyForwarder forwarder;
    private long nextOffset;

    @BeforeEach
    void setUp() {
        TopicChecks topics = new TopicChecks() {
            @Override
            public Verdict check(String topic) {
                return existing.contains(topic) && !failedTopics.contains(topic)
                        ? Verdict.USABLE
                        : Verdict.unusable("topic '" + topic + "' does not exist");
            }

            @Override
            public void failed(String topic, String reason) {
                failedTopics.add(topic);
            }
        };
        forwarder = new ReplyForwarder(
                new ReplyForwarder.Settings(RESULTS, EVENTS, Duration.ofMillis(100), Duration.ofSeconds(5), true),
                consumer,
                () -> producer,
                topics,
                new PlannerMetrics(registry),
                wire,
                time);
        forwarder.start();
        consumer.rebalance(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.seek(P0, 0);
    }

    @Test
    void shouldCopyAResultToEachReplyTopicWithTheOffsetsInOneTransaction() {
        // Given a result naming two reply topics, in parts, and a result naming none
        ConsumerRecords<byte[], byte[]> batch = batch(
                result("p-1", "part-one", part(1, 2), "agent-7.results", "agent-8.results"),
                result("p-1", "part-two", part(2, 2), "agent-7.results", "agent-8.results"),
                result("p-2", "other", new RecordHeaders()));

        // When the batch is forwarded
        forwarder.forward(batch);

        // Then each part is copied to each topic, keeping key, value, timestamp and part headers, without the
        // reply-to header, in one committed transaction with the batch's offsets
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.history())
                .extracting(ProducerRecord::topic, r -> text(r.value()))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("agent-7.results", "part-one"),
                        org.assertj.core.groups.Tuple.tuple("agent-8.results", "part-one"),
                        org.assertj.core.groups.Tuple.tuple("agent-7.results", "part-two"),
                        org.assertj.core.groups.Tuple.tuple("agent-8.results", "part-two"));
        ProducerRecord<byte[], byte[]> copy = producer.history().get(0);
        assertThat(text(copy.key())).isEqualTo("p-1");
        assertThat(copy.timestamp()).isEqualTo(42L);
        assertThat(copy.headers().lastHeader(ResultRecords.REPLY_TO)).isNull();
        assertThat(text(copy.headers().lastHeader(ResultRecords.PART).value())).isEqualTo("1/2");
        assertThat(producer.consumerGroupOffsetsHistory())
                .singleElement()
                .satisfies(o -> assertThat(o.values().iterator().next()).containsEntry(P0, new OffsetAndMetadata(3)));
        assertThat(registry.get("planexec.planner.replies.copied").counter().count())
                .isEqualTo(4.0);
    }

    @Test
    void shouldReportAMissingReplyTopicOnceAndCopyNothingThere() {
        // When a result in two parts names a topic that does not exist
        forwarder.forward(
                batch(result("p-1", "a", part(1, 2), "agent-typo"), result("p-1", "b", part(2, 2), "agent-typo")));

        // Then nothing is copied, one REPLY_UNDELIVERED event says why, in the transaction with the offsets
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.history()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(EVENTS);
            PlanEvent event = wire.readPlanEvent(r.value());
            assertThat(event.type()).isEqualTo(PlanEventType.REPLY_UNDELIVERED);
            assertThat(event.planId()).isEqualTo("p-1");
            assertThat(event.detail())
                    .isEqualTo("reply_to 'agent-typo' cannot take the result: topic 'agent-typo' does not exist; the"
                            + " result is on planexec.plan-results only");
        });
        assertThat(registry.get("planexec.planner.reply.fallbacks").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldAbortRewindAndCopyAgainWithoutATopicWhoseSendFailed() {
        // Given a batch copied to a topic that was deleted a moment ago (the check still says it exists)
        producer.failingTopics.add("agent-8.results");
        ConsumerRecords<byte[], byte[]> batch =
                batch(result("p-1", "r1", new RecordHeaders(), "agent-7.results", "agent-8.results"));

        // When it is forwarded, the transaction aborts and the batch goes back
        forwarder.forward(batch);
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.history()).isEmpty();
        assertThat(failedTopics).containsExactly("agent-8.results");
        assertThat(consumer.position(P0)).isZero();
        assertThat(time.milliseconds()).isEqualTo(1_000_000L);

        // Then the next try copies it to the good topic and reports the bad one, once
        forwarder.forward(batch);
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("agent-7.results", EVENTS);
    }

    @Test
    void shouldBackOffWhenATransactionFailsWithoutATopicToBlame() {
        // Given a coordinator that refuses two transactions (the producer retries each commit three times)
        producer.failingCommits = 6;
        ConsumerRecords<byte[], byte[]> batch = batch(result("p-1", "r1", new RecordHeaders(), "agent-7.results"));

        // When the batch is forwarded three times
        forwarder.forward(batch);
        forwarder.forward(batch);
        forwarder.forward(batch);

        // Then the first two tries waited a growing backoff, no topic was blamed, and the third copied it
        assertThat(time.milliseconds()).isEqualTo(1_000_000L + 100 + 200);
        assertThat(failedTopics).isEmpty();
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("agent-7.results");
    }

    @Test
    void shouldCommitTheOffsetsOfBatchesWithoutCopiesOnlyNowAndThen() {
        // Given batches with nothing to copy
        forwarder.forward(batch(result("p-1", "r", new RecordHeaders())));
        forwarder.commitIdleOffsets(false);

        // Then no transaction runs, and their offsets are committed only once the idle interval passed
        assertThat(producer.history()).isEmpty();
        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(consumer.committed(Set.of(P0))).isEmpty();
        time.sleep(5_000);
        forwarder.commitIdleOffsets(false);
        assertThat(consumer.committed(Set.of(P0))).containsEntry(P0, new OffsetAndMetadata(1));
    }

    // ---- fixtures ----

    private ConsumerRecord<byte[], byte[]> result(String planId, String value, RecordHeaders headers, String... to) {
        for (String topic : to) {
            headers.add(ResultRecords.REPLY_TO, topic.getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>(
                RESULTS,
                0,
                nextOffset++,
                42L,
                TimestampType.CREATE_TIME,
                0,
                0,
                planId.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8),
                headers,
                Optional.empty());
    }

    private static RecordHeaders part(int index, int count) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ResultRecords.PART, (index + "/" + count).getBytes(StandardCharsets.UTF_8));
        headers.add(ResultRecords.RESULT_ID, "7".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @SafeVarargs
    private ConsumerRecords<byte[], byte[]> batch(ConsumerRecord<byte[], byte[]>... records) {
        consumer.seek(P0, records[records.length - 1].offset() + 1);
        List<ConsumerRecord<byte[], byte[]>> list = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            list.add(r);
        }
        return new ConsumerRecords<>(Map.of(P0, list), Map.of());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A clock that moves only when told, or when slept on. */
    private static final class HandTime implements Time {

        private long ms;

        HandTime(long ms) {
            this.ms = ms;
        }

        @Override
        public long milliseconds() {
            return ms;
        }

        @Override
        public long nanoseconds() {
            return ms * 1_000_000;
        }

        @Override
        public void sleep(long sleepMs) {
            ms += sleepMs;
        }

        @Override
        public void waitObject(Object obj, java.util.function.Supplier<Boolean> condition, long deadlineMs) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * A mock producer whose sends to some topics fail through their callback, failing the transaction's commit, as a
     * real producer's do for a topic deleted a moment ago.
     */
    private static final class FailingProducer extends MockProducer<byte[], byte[]> {

        final Set<String> failingTopics = new HashSet<>();
        int failingCommits;
        private KafkaException sendFailure;

        FailingProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (failingTopics.contains(record.topic())) {
                KafkaException error = new TimeoutException("Topic " + record.topic() + " not present in metadata");
                callback.onCompletion(null, error);
                sendFailure = new KafkaException("a send failed", error);
                failingTopics.remove(record.topic());
                return java.util.concurrent.CompletableFuture.failedFuture(error);
            }
            return super.send(record, callback);
        }

        @Override
        public void commitTransaction() {
            if (failingCommits > 0) {
                failingCommits--;
                throw new TimeoutException("the transaction coordinator did not answer");
            }
            if (sendFailure != null) {
                throw sendFailure;
            }
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            super.abortTransaction();
            sendFailure = null;
        }
    }
}
