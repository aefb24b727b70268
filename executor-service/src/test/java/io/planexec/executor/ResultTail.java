package io.planexec.executor;

import io.planexec.model.StepResult;
import io.planexec.testing.KafkaCluster;
import io.planexec.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Follows the step-results topic read_committed from its current end, for latency and throughput measurements. */
final class ResultTail implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    ResultTail(KafkaCluster kafka, Topics topics) {
        consumer = kafka.consumer();
        List<TopicPartition> partitions = consumer.partitionsFor(topics.stepResults(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** The FINISHED results that became visible within the timeout (possibly none). */
    List<StepResult> poll(Duration timeout) {
        List<StepResult> finished = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            StepResult result = Tasks.WIRE.readStepResult(r.value());
            if (result.kind() == StepResult.Kind.FINISHED) {
                finished.add(result);
            }
        }
        return finished;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
