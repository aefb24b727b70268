package io.planexec.bench.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaClientMetricsTest {

    @Test
    void shouldTellThePlannersAndTheExecutorsProducersByTheirClientIds() {
        // The client ids Kafka Streams and the executor give their producers
        assertThat(KafkaClientMetrics.producerOwner(
                        "b1-planner-4f0c9a2e-1d3b-4c55-9a8e-2b7f6c1d0e9a-StreamThread-1-producer"))
                .isEqualTo(KafkaClientMetrics.PLANNER);
        assertThat(KafkaClientMetrics.producerOwner("b1-executor-standalone-fast-producer"))
                .isEqualTo(KafkaClientMetrics.EXECUTOR);

        // Not theirs: the harness's own clients, a consumer, the planner's restore consumer
        assertThat(KafkaClientMetrics.producerOwner("bench-b1-producer")).isNull();
        assertThat(KafkaClientMetrics.producerOwner("b1-executor-standalone-fast-consumer"))
                .isNull();
        assertThat(KafkaClientMetrics.producerOwner("b1-planner-StreamThread-1-restore-consumer"))
                .isNull();
        assertThat(KafkaClientMetrics.producerOwner(null)).isNull();
    }
}
