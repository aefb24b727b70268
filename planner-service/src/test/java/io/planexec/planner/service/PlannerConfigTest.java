package io.planexec.planner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.config.ConfigSources;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PlannerConfigTest {

    @Test
    void shouldChooseExactlyOnceWithLowLatencyDefaults() {
        // Given only the bootstrap address
        PlannerConfig config = new PlannerConfig(Map.of("bootstrap.servers", "k:9092"));

        // Then Kafka Streams gets the planner's choices
        Properties p = config.streamsProperties();
        assertThat(p)
                .containsEntry("application.id", "planexec-planner")
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("producer.linger.ms", 20)
                .containsEntry("producer.retry.backoff.ms", 5L)
                .containsEntry("commit.interval.ms", 20L)
                .containsEntry("poll.ms", 20L)
                .containsEntry("max.task.idle.ms", -1L)
                .containsEntry("num.stream.threads", 1)
                .containsEntry("replication.factor", -1)
                .containsEntry("bootstrap.servers", "k:9092");
        assertThat(p).containsKeys("commit.interval.ms", "poll.ms", "state.dir");
        assertThat(config.topics().requests()).isEqualTo("planexec.requests");
        assertThat(config.engineSettings().defaultDeadlineMs()).isEqualTo(300_000);
    }

    @Test
    void shouldPassKafkaAndStreamsSettingsThroughWithStreamsWinning() {
        // Given SASL settings for every client and a Streams override
        PlannerConfig config = new PlannerConfig(Map.of(
                "bootstrap.servers", "k:9092",
                "topic.prefix", "acme",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "PLAIN",
                "planner.commit.interval.ms", "7",
                "streams.commit.interval.ms", "9",
                "planner.instance.id", "planner-1"));

        // Then they reach Kafka Streams and the planner's own admin client
        Properties p = config.streamsProperties();
        assertThat(p)
                .containsEntry("application.id", "acme-planner")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("commit.interval.ms", "9")
                .containsEntry("main.consumer.group.instance.id", "planner-1");
        assertThat(config.clientProperties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldReadEnvironmentVariables() {
        // Given settings from the environment
        Map<String, String> settings = ConfigSources.load(
                null,
                Map.of(
                        "PLANEXEC_BOOTSTRAP_SERVERS", "env:9092",
                        "PLANEXEC_PLANNER_DEFAULT_DEADLINE_MS", "60000"),
                Map.of());

        // Then the typed configuration has them
        PlannerConfig config = new PlannerConfig(settings);
        assertThat(config.engineSettings().defaultDeadlineMs()).isEqualTo(60_000);
        assertThat(config.streamsProperties()).containsEntry("bootstrap.servers", "env:9092");
    }

    @Test
    void shouldRejectInvalidSettingsNamingThem() {
        assertThatThrownBy(() -> new PlannerConfig(
                        Map.of("bootstrap.servers", "k:9092", "planner.processing.guarantee", "exactly_once")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("planner.processing.guarantee");
        assertThatThrownBy(() -> new PlannerConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldLingerForTheCommitIntervalUnderExactlyOnceOnlyUnlessTold() {
        // Under exactly_once_v2 output is visible at the commit: the producer holds records until then
        assertThat(new PlannerConfig(Map.of("bootstrap.servers", "k:9092", "planner.commit.interval.ms", "35"))
                        .streamsProperties())
                .containsEntry("producer.linger.ms", 35);
        // Under at_least_once records are visible once written: they go at once
        assertThat(new PlannerConfig(
                                Map.of("bootstrap.servers", "k:9092", "planner.processing.guarantee", "at_least_once"))
                        .streamsProperties())
                .containsEntry("producer.linger.ms", 0);
        // A value that is set wins
        assertThat(new PlannerConfig(Map.of("bootstrap.servers", "k:9092", "planner.producer.linger.ms", "3"))
                        .streamsProperties())
                .containsEntry("producer.linger.ms", 3);
    }
}
