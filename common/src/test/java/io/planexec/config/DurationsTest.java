package io.planexec.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shouldWriteDurationsAsPeopleDo() {
        assertThat(Durations.human(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Duration.ofSeconds(15)).extracting(Durations::human).isEqualTo("15 s");
        assertThat(Durations.human(Duration.ofMillis(2_540))).isEqualTo("2.5 s");
        assertThat(Durations.human(Duration.ofMillis(59_960))).isEqualTo("60 s");
        assertThat(Durations.human(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(Durations.human(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(Durations.human(Duration.ofMinutes(150))).isEqualTo("2 h 30 min");
        assertThat(Durations.human(Duration.ofSeconds(-15))).isEqualTo("-15 s");
    }
}
