package io.planexec.standalone;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class StandaloneStartIT {

    @Test
    void shouldSayWhatItWaitedForWhenTheStartTimeoutPasses(KafkaCluster kafka) {
        // A start timeout shorter than the start itself (it counts from the start, so it is never negative)
        assertThatThrownBy(() -> Standalone.builder()
                        .bootstrap(kafka.bootstrapServers())
                        .topicPrefix(kafka.uniquePrefix("start"))
                        .startTimeout(Duration.ofMillis(1))
                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "the planner was not ready 1 ms after the start (the start timeout): Kafka" + " Streams is ");
    }
}
