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
     * Reads a step topic from its beginning to its current end and returns the tasks keyed {@code routingKey}, as
     * {@code planId/stepId}, in offset order.
     *
     * @param kafkaProperties at least {@code bootstrap.servers}
     */
    public static List<String> read(
            Map<String, Object> kafkaProperties, String stepTopic, String routingKey, Duration timeout) {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        WireFormat wire = new WireFormat();
        List<String> order = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(stepTopic, timeout).stream()
                    .map(p -> new TopicPartition(stepTopic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
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

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
