package io.planexec.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.topics.ResultRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reply reader's logic on a {@link MockConsumer}, driven step by step on the test thread with a hand clock. */
class ReplyReaderTest {

    private static final String TOPIC = "planexec.plan-results";

    private final TimedMockConsumer consumer = new TimedMockConsumer();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<String> delivered = new ArrayList<>();
    private final Map<String, String> texts = new HashMap<>();
    private final Map<TopicPartition, Long> ends = new HashMap<>();
    private ReplyReader reader;

    @BeforeEach
    void setUp() {
        partitions(3);
        reader = new ReplyReader(
                TOPIC,
                consumer,
                (planId, bytes) -> {
                    delivered.add(planId);
                    texts.put(planId, new String(bytes, StandardCharsets.UTF_8));
                },
                1_000,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                clock::get,
                "test");
        reader.init();
    }

    @Test
    void shouldReadAWatchedPlansPartitionFromItsEndAndDeliverOnlyWatchedPlans() {
        // Given a plan whose partition already holds an old record
        String plan = planOn(1, "p");
        publish(1, plan, "old", null);

        // When it is watched
        CompletableFuture<Void> positioned = reader.watchAsync(plan);
        reader.step();

        // Then only its partition is read, from its end, and the watch returns once it is
        assertThat(positioned).isCompleted();
        assertThat(reader.partitionsRead()).containsExactly(1);
        assertThat(consumer.position(new TopicPartition(TOPIC, 1))).isEqualTo(1);

        // And only the watched plan's new result is delivered, not another plan's on the same partition
        publish(1, planOn(1, "other"), "theirs", null);
        publish(1, plan, "mine", null);
        reader.step();
        assertThat(delivered).containsExactly(plan);
        assertThat(texts).containsEntry(plan, "mine");
    }

    @Test
    void shouldPutAResultInPartsBackTogetherAcrossOtherPlansRecords() {
        // Given a watched plan
        String plan = planOn(0, "p");
        reader.watchAsync(plan);
        reader.step();

        // When its result arrives in three parts, another plan's record between them
        publish(0, plan, "{\"a\":", part(1, 3));
        publish(0, planOn(0, "x"), "noise", null);
        publish(0, plan, "[1,2", part(2, 3));
        reader.step();
        assertThat(delivered).isEmpty();
        publish(0, plan, "]}", part(3, 3));
        reader.step();

        // Then it is delivered once, whole
        assertThat(delivered).containsExactly(plan);
        assertThat(texts).containsEntry(plan, "{\"a\":[1,2]}");
    }

    @Test
    void shouldDropAResultWhosePartsExceedTheLimitAndDeliverTheNextOne() {
        String plan = planOn(2, "p");
        reader.watchAsync(plan);
        reader.step();

        publish(2, plan, "x".repeat(600), part(1, 2));
        publish(2, plan, "x".repeat(600), part(2, 2));
        publish(2, plan, "small", null);
        reader.step();

        assertThat(texts).containsEntry(plan, "small");
    }

    @Test
    void shouldLetAPartitionGoOnlyAfterNobodyWatchedItForTheIdleTime() {
        // Given a plan watched and then unwatched (its result came)
        String plan = planOn(1, "p");
        reader.watchAsync(plan);
        reader.step();
        reader.unwatch(plan);
        reader.step();

        // Then its partition is still read for the idle time, then let go
        clock.addAndGet(29_000);
        reader.step();
        assertThat(reader.partitionsRead()).containsExactly(1);
        clock.addAndGet(1_000);
        reader.step();
        assertThat(reader.partitionsRead()).isEmpty();
        assertThat(consumer.assignment()).isEmpty();
    }

    @Test
    void shouldNotMoveAPartitionAlreadyReadWhenAnotherPlanIsWatchedOnIt() {
        // Given a watched plan whose partition is read, and a result written for it after the watch
        String first = planOn(0, "a");
        reader.watchAsync(first);
        reader.step();
        publish(0, first, "first's", null);

        // When a second plan on the same partition is watched before the reader polled again
        String second = planOn(0, "b");
        reader.watchAsync(second);
        reader.step();
        reader.step();

        // Then the first plan's result is not skipped
        assertThat(delivered).containsExactly(first);
    }

    @Test
    void shouldFollowAWatchedPlanToItsNewPartitionWhenPartitionsAreAdded() {
        // Given a plan watched while the topic has 3 partitions
        String plan = IntStream.range(0, 10_000)
                .mapToObj(i -> "p-" + i)
                .filter(id -> partitionOf(id, 3) == 0 && partitionOf(id, 5) == 4)
                .findFirst()
                .orElseThrow();
        reader.watchAsync(plan);
        reader.step();
        assertThat(reader.partitionsRead()).containsExactly(0);

        // When partitions are added and its result is written where its id hashes to now
        clock.addAndGet(10_000);
        partitions(5);
        publish(4, plan, "moved", null);
        clock.addAndGet(20_000);
        reader.step();
        reader.step();

        // Then the reader found it there
        assertThat(reader.partitionsRead()).contains(4);
        assertThat(texts).containsEntry(plan, "moved");
    }

    // ---- fixtures ----

    private void partitions(int count) {
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            infos.add(new PartitionInfo(TOPIC, p, Node.noNode(), new Node[0], new Node[0]));
            ends.putIfAbsent(new TopicPartition(TOPIC, p), 0L);
        }
        consumer.updatePartitions(TOPIC, infos);
        consumer.updateEndOffsets(ends);
        consumer.updateBeginningOffsets(
                ends.keySet().stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> 0L)));
    }

    private void publish(int partition, String key, String value, RecordHeaders headers) {
        TopicPartition tp = new TopicPartition(TOPIC, partition);
        long offset = ends.get(tp);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(
                TOPIC,
                partition,
                offset,
                clock.get(),
                TimestampType.CREATE_TIME,
                0,
                0,
                key,
                value.getBytes(StandardCharsets.UTF_8),
                headers == null ? new RecordHeaders() : headers,
                java.util.Optional.empty());
        consumer.published(record);
        ends.put(tp, offset + 1);
        consumer.updateEndOffsets(Map.of(tp, offset + 1));
    }

    private static RecordHeaders part(int index, int count) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ResultRecords.PART, (index + "/" + count).getBytes(StandardCharsets.UTF_8));
        headers.add(ResultRecords.RESULT_ID, "r-1".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static String planOn(int partition, String prefix) {
        return IntStream.range(0, 10_000)
                .mapToObj(i -> prefix + "-" + i)
                .filter(id -> partitionOf(id, 3) == partition)
                .findFirst()
                .orElseThrow();
    }

    private static int partitionOf(String planId, int partitions) {
        return Utils.toPositive(Utils.murmur2(planId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * A mock consumer that keeps every published record, hands a partition's records to {@code poll} only once it is
     * assigned and from its position, and answers {@code offsetsForTimes} (which {@link MockConsumer} does not).
     */
    private static final class TimedMockConsumer extends MockConsumer<String, byte[]> {

        private final List<ConsumerRecord<String, byte[]>> log = new ArrayList<>();

        TimedMockConsumer() {
            super("none");
        }

        synchronized void published(ConsumerRecord<String, byte[]> record) {
            log.add(record);
        }

        @Override
        public synchronized org.apache.kafka.clients.consumer.ConsumerRecords<String, byte[]> poll(Duration timeout) {
            for (ConsumerRecord<String, byte[]> r : log) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (assignment().contains(tp) && r.offset() >= position(tp)) {
                    addRecord(r);
                }
            }
            return super.poll(timeout);
        }

        @Override
        public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
                Map<TopicPartition, Long> query, Duration timeout) {
            Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
            query.forEach((tp, ts) -> log.stream()
                    .filter(r -> r.partition() == tp.partition() && r.timestamp() >= ts)
                    .findFirst()
                    .ifPresent(r -> out.put(tp, new OffsetAndTimestamp(r.offset(), r.timestamp()))));
            return out;
        }
    }
}
