package io.planexec.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class KafkaClusterExtensionIT {

    @Test
    void shouldGiveTheSameRunningClusterToEveryTest(KafkaCluster first, KafkaCluster second) throws Exception {
        // Given the cluster resolved twice
        assertThat(first).isSameAs(second);

        // When a record is written to a fresh topic
        String topic = first.uniquePrefix("ext") + ".t";
        first.createTopics(2, topic);
        try (KafkaProducer<String, byte[]> producer = first.producer()) {
            producer.send(new ProducerRecord<>(topic, "k", "v".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }

        // Then it can be read back
        assertThat(first.readAll(topic))
                .singleElement()
                .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                        .isEqualTo("v"));
    }

    @Test
    void shouldHandOutDistinctPrefixes(KafkaCluster kafka) {
        assertThat(kafka.uniquePrefix("p")).isNotEqualTo(kafka.uniquePrefix("p"));
    }
}
