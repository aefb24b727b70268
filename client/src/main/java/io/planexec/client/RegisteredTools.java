package io.planexec.client;

import io.planexec.config.Durations;
import io.planexec.model.ToolSpec;
import io.planexec.topics.ToolRecords;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tool registry: the compacted {@code <prefix>.tools} topic that executors publish their tool specs to,
 * replayed to its end (the latest spec of each tool; removed tools left out), by the rule the planner applies to it
 * ({@link ToolRecords}). This is what the planner plans against, and what an agent gives its LLM as the list of tools.
 */
public final class RegisteredTools {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegisteredTools.class);

    private RegisteredTools() {}

    /**
     * The registered tools, sorted by name.
     *
     * @throws IllegalStateException when the topic cannot be read to its end within {@code timeout}
     */
    public static List<ToolSpec> read(Map<String, Object> kafkaProperties, Topics topics, Duration timeout) {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        WireFormat wire = new WireFormat();
        Map<String, ToolSpec> latest = new TreeMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            try {
                // Listing answers at once for a missing topic, where partitionsFor would wait for it to appear.
                var existing = consumer.listTopics(timeout).get(topics.tools());
                if (existing != null) {
                    existing.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new IllegalStateException(
                        "cannot read topic '" + topics.tools() + "' within " + Durations.human(timeout)
                                + ": is the cluster at " + kafkaProperties.get("bootstrap.servers") + " reachable?",
                        e);
            }
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic '" + topics.tools() + "' does not exist: no executor has"
                        + " registered tools under the prefix '" + topics.prefix() + "' yet");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            while (!atEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read topic '" + topics.tools() + "' to its end within "
                            + Durations.human(timeout));
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    ToolRecords.Change change = ToolRecords.of(r.key(), r.value(), wire);
                    if (change instanceof ToolRecords.Register reg) {
                        latest.put(r.key(), reg.spec());
                    } else if (change instanceof ToolRecords.Remove rem) {
                        latest.remove(rem.name());
                    } else if (change instanceof ToolRecords.Ignore ignore) {
                        LOGGER.warn("topic={} tool={} spec ignored: {}", topics.tools(), r.key(), ignore.reason());
                    }
                }
            }
        }
        return List.copyOf(latest.values());
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
