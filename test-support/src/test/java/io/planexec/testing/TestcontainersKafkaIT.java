package io.planexec.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same fixture against a broker in Docker; skipped cleanly where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(KafkaClusterExtension.DEFAULT_IMAGE);

    @Test
    void shouldServeTheSameFixtureFromADockerBroker() throws Exception {
        KafkaCluster cluster = new KafkaCluster(KAFKA.getBootstrapServers(), "testcontainers");
        String topic = cluster.uniquePrefix("tc") + ".t";
        cluster.createTopics(1, topic);
        try (KafkaProducer<String, byte[]> producer = cluster.producer()) {
            producer.send(new ProducerRecord<>(topic, "k", "v".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        assertThat(cluster.readAll(topic)).hasSize(1);
    }
}
