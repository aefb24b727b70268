package io.planexec.bench.harness.tools;

import io.planexec.model.StepTask;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The order in which the planner released the tasks of one routing key: their order on the step topic (committed
 * records only), which is the order an executor must run them in.
 */
public final class ReleaseOrder {

    private ReleaseOrder() {}

    /**
     * Where a step topic's committed records end now, per partition: what {@link #read} starts from to see only the
     * tasks released after this moment.
     *
     * @param kafkaProperties at least {@code bootstrap.servers}
     */
    public static Map<TopicPartition, Long> ends(
            Map<String, Object> kafkaProperties, String stepTopic, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafkaProperties)) {
            return consumer.endOffsets(partitions(consumer, stepTopic, timeout), timeout);
        }
    }

    /**
     * Reads a step topic from the given offsets (see {@link #ends}) to its current end and returns the tasks keyed
     * {@code routingKey}, as {@code planId/stepId}, in offset order.
     *
     * @param kafkaProperties at least {@code bootstrap.servers}
     */
    public static List<String> read(
            Map<String, Object> kafkaProperties,
            String stepTopic,
            Map<TopicPartition, Long> from,
            String routingKey,
            Duration timeout) {
        WireFormat wire = new WireFormat();
        List<String> order = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafkaProperties)) {
            List<TopicPartition> partitions = partitions(consumer, stepTopic, timeout);
            consumer.assign(partitions);
            for (TopicPartition p : partitions) {
                consumer.seek(p, from.getOrDefault(p, 0L));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read topic '" + stepTopic + "' to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (routingKey.equals(r.key())) {
                        StepTask task = wire.readStepTask(r.value());
                        order.add(task.planId() + "/" + task.stepId());
                    }
                }
            }
        }
        return order;
    }

    private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> kafkaProperties) {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        return consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
