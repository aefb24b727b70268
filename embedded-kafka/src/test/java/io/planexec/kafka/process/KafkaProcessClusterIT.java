package io.planexec.kafka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
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
        OnePartitionTopics.create(cluster, topic);
        TopicPartitionInfo before = describe(topic);
        assertThat(before.replicas()).hasSize(3);
        int leader = before.leader().id();

        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, topic, 0, 500);

            // When the leader dies with kill -9 and writes go on
            cluster.brokerWithId(leader).kill();
            send(producer, topic, 500, 1000);

            // Then another broker leads, and every acknowledged record is there, once
            assertThat(describe(topic).leader().id()).isNotEqualTo(leader);
            assertThat(readAll(topic)).hasSize(1000).containsExactlyInAnyOrderElementsOf(range(0, 1000));

            // And when a second broker dies, a write with acks=all is refused (retried until it expires): the one
            // replica left is below min ISR 2
            int second = describe(topic).leader().id();
            cluster.brokerWithId(second).kill();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> describe(topic).isr().size() == 1);
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

    private static TopicPartitionInfo describe(String topic) throws Exception {
        return OnePartitionTopics.describe(cluster, topic);
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
        return OnePartitionTopics.readAll(cluster, topic);
    }
}
