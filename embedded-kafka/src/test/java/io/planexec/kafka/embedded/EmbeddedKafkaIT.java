package io.planexec.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @Test
    void shouldServeProducersAndTransactionalConsumersAndDeleteItsFreshDirectory() throws Exception {
        // Given a broker on a fresh directory
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            dir = kafka.dataDir();
            createTopic(kafka, "greetings");

            // When a transactional producer commits a record
            Map<String, Object> props = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    "greeter");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("greetings", "k", "hello"));
                producer.commitTransaction();
            }

            // Then a read_committed consumer sees it (once the commit markers are written)
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(readAll(kafka, "greetings")).containsExactly("hello"));
        }
        // And the fresh directory is gone after close
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldKeepDataAcrossRestartsInAGivenDirectory(@TempDir Path dir) throws Exception {
        // Given a broker that wrote a record into a kept directory
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).start()) {
            createTopic(kafka, "kept");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "survives")).get();
            }
        }
        assertThat(dir).isNotEmptyDirectory();

        // When a new broker starts on the same directory
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).start()) {
            // Then the record is still there
            assertThat(readAll(kafka, "kept")).containsExactly("survives");
        }
    }

    @Test
    void shouldRefuseAPortInUseWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.builder().port(port).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void shouldRejectAnInvalidPort() {
        assertThatThrownBy(() -> EmbeddedKafka.builder().port(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
    }

    @Test
    void shouldWriteItsSettingsBesideTheData() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            assertThat(Files.readString(kafka.dataDir().resolve("planexec-broker.properties")))
                    .contains("process.roles=broker,controller")
                    .contains("auto.create.topics.enable=false");
        }
    }

    private static void createTopic(EmbeddedKafka kafka, String name) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(1), Optional.empty())))
                    .all()
                    .get();
        }
    }

    private static List<String> readAll(EmbeddedKafka kafka, String topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // A commit returns before its markers move the last stable offset: wait until the data is readable.
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (end == 0 && System.nanoTime() < deadline) {
                end = consumer.endOffsets(List.of(tp)).get(tp);
            }
            List<String> values = new ArrayList<>();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
