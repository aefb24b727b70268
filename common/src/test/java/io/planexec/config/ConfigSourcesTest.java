package io.planexec.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

    @Test
    void shouldLetOverridesBeatEnvironmentAndEnvironmentBeatTheFile(@TempDir Path dir) throws Exception {
        // Given the same settings in all three sources
        Path file = dir.resolve("planexec.properties");
        Files.writeString(file, "topic.prefix=from-file\ntopic.partitions=3\nbootstrap.servers=file:9092\n");
        Map<String, String> env =
                Map.of("PLANEXEC_TOPIC_PREFIX", "from-env", "PLANEXEC_BOOTSTRAP_SERVERS", "env:9092", "HOME", "/root");

        // When they are merged
        Map<String, String> merged = ConfigSources.load(file, env, Map.of("bootstrap.servers", "cli:9092"));

        // Then each setting comes from the strongest source that has it, and foreign variables are ignored
        assertThat(merged)
                .containsEntry("topic.prefix", "from-env")
                .containsEntry("topic.partitions", "3")
                .containsEntry("bootstrap.servers", "cli:9092")
                .doesNotContainKey("home");
    }

    @Test
    void shouldMapEnvironmentNamesBothWays() {
        assertThat(ConfigSources.envName("kafka.sasl.jaas.config")).isEqualTo("PLANEXEC_KAFKA_SASL_JAAS_CONFIG");
        assertThat(ConfigSources.envName("executor.max-in-flight")).isEqualTo("PLANEXEC_EXECUTOR_MAX__IN__FLIGHT");
        assertThat(ConfigSources.settingName("PLANEXEC_EXECUTOR_MAX__IN__FLIGHT"))
                .isEqualTo("executor.max-in-flight");
        assertThat(ConfigSources.settingName(ConfigSources.envName("topic.replication.factor")))
                .isEqualTo("topic.replication.factor");
    }

    @Test
    void shouldNameAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> ConfigSources.fromFile(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldPassKafkaSettingsThroughWithoutTheirPrefix() {
        // Given the shared settings with a security setting under kafka.
        ConfigDef def = CommonSettings.define(new ConfigDef());
        AbstractConfig config = new AbstractConfig(
                def,
                Map.of(
                        "bootstrap.servers", "b:9092",
                        "kafka.security.protocol", "SASL_SSL",
                        "topic.prefix", "acme"));

        // Then clients get it unprefixed, with the bootstrap address, and topics use the prefix
        assertThat(CommonSettings.kafkaClientProperties(config))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "b:9092");
        assertThat(CommonSettings.topics(config).requests()).isEqualTo("acme.requests");
    }

    @Test
    void shouldRejectABadValueNamingTheSetting() {
        ConfigDef def = CommonSettings.define(new ConfigDef());
        assertThatThrownBy(
                        () -> new AbstractConfig(def, Map.of("bootstrap.servers", "b:9092", "topic.partitions", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topic.partitions")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new AbstractConfig(def, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldRenderEverySettingAsATableRowWithItsEnvironmentVariable() {
        String table = ConfigTables.markdown(CommonSettings.define(new ConfigDef()));
        assertThat(table)
                .startsWith("| setting | environment variable |")
                .contains("| `bootstrap.servers` | `PLANEXEC_BOOTSTRAP_SERVERS` | string | required |")
                .contains("| `topic.prefix` | `PLANEXEC_TOPIC_PREFIX` | string | `planexec` |");
        assertThat(table.lines()).hasSize(2 + 8);
    }
}
