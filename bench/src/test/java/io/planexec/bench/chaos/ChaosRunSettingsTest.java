package io.planexec.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ChaosRunSettingsTest {

    @Test
    void shouldTakeTheServiceSettingsFromServicePrefixedPropertiesOnly() {
        Properties properties = new Properties();
        properties.setProperty("service.kafka.request.timeout.ms", "10000");
        properties.setProperty("service.topic.partitions", "6");
        properties.setProperty("minutes", "30");
        properties.setProperty("servicekafka.x", "no");

        assertThat(ChaosRun.serviceSettings(properties))
                .containsExactly(Map.entry("kafka.request.timeout.ms", "10000"), Map.entry("topic.partitions", "6"));
    }

    @Test
    void shouldRefuseARunTooSmallToCheckAnything() {
        assertThatThrownBy(() -> new ChaosRun.Settings(Duration.ofSeconds(10), 1.5, 3, 2, 1, Duration.ZERO, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30 s of load");
    }
}
