package io.planexec.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class TopicProvisionerIT {

    private static final int PARTITIONS = 8;

    @Test
    void shouldReturnOnlyOnceEveryNewPartitionTakesWritesAtTheFirstAttempt(KafkaCluster kafka) throws Exception {
        Topics topics = new Topics(kafka.uniquePrefix("prov"));
        try (Admin admin = Admin.create(kafka.clientProperties());
                KafkaProducer<String, byte[]> producer = idempotentProducer(kafka)) {
            // Given the standard topics created by the provisioner
            List<String> created = new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .createMissing(TopicProvisioner.standardTopics(topics, PARTITIONS, (short) -1));
            assertThat(created).contains(topics.requests(), topics.stepResults(), topics.tools());

            // When an idempotent producer writes to every partition at once, several requests in flight per partition
            // (before the wait for serving leaders, one of them was refused, then retried until it expired: lost)
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (String topic : created) {
                    int partitions = topic.equals(topics.tools()) || topic.equals(topics.executors()) ? 1 : PARTITIONS;
                    for (int p = 0; p < partitions; p++) {
                        sends.add(producer.send(new ProducerRecord<>(topic, p, "k", new byte[] {(byte) round})));
                    }
                }
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }

            // Then no write was refused and retried: every leader served its partition when the call returned
            assertThat(metric(producer, "record-retry-total")).isZero();
            assertThat(metric(producer, "record-error-total")).isZero();
        }
    }

    @Test
    void shouldLeaveExistingTopicsAlone(KafkaCluster kafka) throws Exception {
        String name = kafka.uniquePrefix("prov") + ".existing";
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
            assertThat(provisioner.createMissing(List.of(new NewTopic(name, Optional.of(2), Optional.empty()))))
                    .containsExactly(name);

            // When it is asked for again with another partition count
            List<String> created =
                    provisioner.createMissing(List.of(new NewTopic(name, Optional.of(5), Optional.empty())));

            // Then nothing is created and the topic keeps its partitions
            assertThat(created).isEmpty();
            assertThat(provisioner.partitions(Set.of(name))).containsEntry(name, 2);
        }
    }

    @Test
    void shouldNameTheTopicsThatAreNeverServed(KafkaCluster kafka) throws Exception {
        String missing = kafka.uniquePrefix("prov") + ".missing";
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            // (connected first: a cold client's first request can outlast the short deadline below)
            assertThat(admin.describeCluster().nodes().get()).isNotEmpty();
            TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(1));

            assertThatThrownBy(() -> provisioner.awaitServed(List.of(missing)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(missing)
                    .hasMessageContaining("no serving leader within 1 s")
                    .hasMessageContaining("UnknownTopicOrPartitionException");
        }
    }

    private static KafkaProducer<String, byte[]> idempotentProducer(KafkaCluster kafka) {
        Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 1);
        // A write caught in KAFKA-15591 is retried until it expires: fail in seconds, not in two minutes.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no producer metric " + name);
    }
}
