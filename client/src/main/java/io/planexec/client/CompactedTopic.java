package io.planexec.client;

import io.planexec.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a compacted registry topic from its beginning to its end, without a consumer group. */
final class CompactedTopic {

    private CompactedTopic() {}

    /**
     * Hands every record of the topic, in order, to {@code each}.
     *
     * @return {@code false} when the topic does not exist (nothing was read)
     * @throws IllegalStateException when the topic cannot be read to its end within {@code timeout}
     */
    static boolean readToEnd(
            Map<String, Object> kafkaProperties, String topic, Duration timeout, BiConsumer<String, byte[]> each) {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            try {
                // Listing answers at once for a missing topic, where partitionsFor would wait for it to appear.
                Optional.ofNullable(consumer.listTopics(timeout).get(topic))
                        .ifPresent(infos ->
                                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition()))));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new IllegalStateException(
                        "cannot read topic '" + topic + "' within " + Durations.human(timeout) + ": is the cluster at "
                                + kafkaProperties.get("bootstrap.servers") + " reachable?",
                        e);
            }
            if (partitions.isEmpty()) {
                return false;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            while (!atEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read topic '" + topic + "' to its end within " + Durations.human(timeout));
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    each.accept(r.key(), r.value());
                }
            }
        }
        return true;
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
