package io.planexec.kafka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three-controller, three-broker cluster of child processes: replicated three times with min ISR 2, it loses no
 * acknowledged write when the leader is killed with {@code kill -9}, refuses writes when only one replica is left, and
 * takes a killed broker back with its data.
 */
class KafkaProcessClusterIT {

    private static KafkaProcessCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaProcessCluster.builder().start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedWriteWhenTheLeaderIsKilledAndRefuseWritesBelowMinIsr() throws Exception {
        // Given a topic of the cluster's defaults, and the leader of its partition
        String topic = "failover";
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        cluster.awaitInSync(Duration.ofSeconds(60), topic);
        TopicDescription before = describe(topic);
        assertThat(before.partitions().get(0).replicas()).hasSize(3);
        int leader = before.partitions().get(0).leader().id();

        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, topic, 0, 500);

            // When the leader dies with kill -9 and writes go on
            cluster.brokerWithId(leader).kill();
            send(producer, topic, 500, 1000);

            // Then another broker leads, and every acknowledged record is there, once
            assertThat(describe(topic).partitions().get(0).leader().id()).isNotEqualTo(leader);
            assertThat(readAll(topic)).hasSize(1000).containsExactlyInAnyOrderElementsOf(range(0, 1000));

            // And when a second broker dies, a write with acks=all is refused (retried until it expires): the one
            // replica left is below min ISR 2
            int second = describe(topic).partitions().get(0).leader().id();
            cluster.brokerWithId(second).kill();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> describe(topic).partitions().get(0).isr().size() == 1);
            try (KafkaProducer<String, String> impatient = producer(5_000)) {
                assertThatThrownBy(() -> impatient
                                .send(new ProducerRecord<>(topic, "k", "refused"))
                                .get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
            }

            // And when both come back, with their data, the partition is fully replicated and writable again
            cluster.brokerWithId(leader).start();
            cluster.brokerWithId(second).start();
            cluster.awaitInSync(Duration.ofMinutes(2), topic);
            send(producer, topic, 1000, 1100);
        }
        // And the refused record was never written
        assertThat(readAll(topic)).hasSize(1100).containsExactlyInAnyOrderElementsOf(range(0, 1100));
    }

    private static void send(KafkaProducer<String, String> producer, String topic, int from, int to) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, "k", Integer.toString(i))));
        }
        for (java.util.concurrent.Future<?> f : sent) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    private static List<String> range(int from, int to) {
        List<String> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(Integer.toString(i));
        }
        return values;
    }

    private static TopicDescription describe(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
        }
    }

    private static KafkaProducer<String, String> producer() {
        return producer(20_000);
    }

    private static KafkaProducer<String, String> producer(int deliveryTimeoutMs) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        deliveryTimeoutMs,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Math.min(10_000, deliveryTimeoutMs / 2)),
                new StringSerializer(),
                new StringSerializer());
    }

    private static List<String> readAll(String topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> values = new ArrayList<>();
            Set<Long> offsets = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (offsets.add(r.offset())) {
                        values.add(r.value());
                    }
                }
            }
            return values;
        }
    }
}
