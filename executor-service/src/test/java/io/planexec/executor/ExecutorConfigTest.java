package io.planexec.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.config.ConfigSources;
import io.planexec.model.LatencyClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ExecutorConfigTest {

    @Test
    void shouldServeEveryClassAndToolByDefault() {
        ExecutorConfig config = new ExecutorConfig(Map.of("bootstrap.servers", "k:9092", "executor.instance.id", "x"));

        assertThat(config.classes()).containsExactly(LatencyClass.values());
        assertThat(config.tools()).isEmpty();
        assertThat(config.queue()).isNull();
        assertThat(config.maxInFlight()).isEqualTo(256);
        assertThat(config.resultMaxBytes()).isEqualTo(900 * 1024);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.backoff().baseMs()).isEqualTo(100);
        assertThat(config.topics().prefix()).isEqualTo("planexec");
        assertThat(config.maxOffsetSpan()).isGreaterThan(10_000);
    }

    @Test
    void shouldTakeTheHostNameWhenNoInstanceIdIsGiven() {
        ExecutorConfig config = new ExecutorConfig(Map.of("bootstrap.servers", "k:9092"));

        assertThat(config.instanceId()).matches("[A-Za-z0-9._-]{1,100}");
    }

    @Test
    void shouldReadSettingsFromTheEnvironment() {
        Map<String, String> settings = ConfigSources.load(
                null,
                Map.of(
                        "PLANEXEC_BOOTSTRAP_SERVERS", "k:9092",
                        "PLANEXEC_EXECUTOR_CLASSES", "fast, Medium",
                        "PLANEXEC_EXECUTOR_TOOLS", "a,b",
                        "PLANEXEC_EXECUTOR_INSTANCE_ID", "pod-3"),
                Map.of());

        ExecutorConfig config = new ExecutorConfig(settings);

        assertThat(config.classes()).containsExactly(LatencyClass.FAST, LatencyClass.MEDIUM);
        assertThat(config.tools()).containsExactly("a", "b");
        assertThat(config.instanceId()).isEqualTo("pod-3");
    }

    @Test
    void shouldPassClientSettingsThroughToTheRightClients() {
        ExecutorConfig config = new ExecutorConfig(Map.of(
                "bootstrap.servers", "k:9092",
                "executor.instance.id", "x",
                "kafka.security.protocol", "SSL",
                "consumer.max.poll.records", "100",
                "producer.compression.type", "lz4"));

        assertThat(config.consumerOverrides())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("max.poll.records", "100")
                .doesNotContainKey("compression.type");
        assertThat(config.producerOverrides())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("compression.type", "lz4")
                .containsEntry("bootstrap.servers", "k:9092");
    }

    @Test
    void shouldNameTheBadSetting() {
        assertThatThrownBy(() -> new ExecutorConfig(Map.of(
                        "bootstrap.servers", "k:9092", "executor.instance.id", "x", "executor.classes", "fast,turbo")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("executor.classes")
                .hasMessageContaining("unknown latency class; known: [fast, medium, slow, very_slow]");
        assertThatThrownBy(
                        () -> new ExecutorConfig(Map.of("bootstrap.servers", "k:9092", "executor.instance.id", "a b")))
                .hasMessageContaining("executor.instance.id")
                .hasMessageContaining("must match");
        assertThatThrownBy(() -> new ExecutorConfig(Map.of(
                        "bootstrap.servers", "k:9092",
                        "executor.instance.id", "x",
                        "executor.retry.backoff.ms", "500",
                        "executor.retry.backoff.max.ms", "100")))
                .hasMessageContaining("executor.retry.backoff.max.ms")
                .hasMessageContaining("must be at least executor.retry.backoff.ms (500)");
        assertThatThrownBy(() -> new ExecutorConfig(
                        Map.of("bootstrap.servers", "k:9092", "executor.instance.id", "x", "executor.queue", "a.b")))
                .hasMessageContaining("executor.queue")
                .hasMessageContaining("must match [A-Za-z0-9_-]{1,100}");
        assertThatThrownBy(() -> new ExecutorConfig(Map.of("executor.instance.id", "x")))
                .hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> new ExecutorConfig(Map.of(
                        "bootstrap.servers", "k:9092", "executor.instance.id", "x", "executor.max.inflight", "8")))
                .hasMessage("unknown setting 'executor.max.inflight' (did you mean 'executor.max.in.flight'?); every"
                        + " setting is listed in docs/operations.md");
    }

    @Test
    void shouldParseTheCommandLine() {
        ExecutorMain main = new ExecutorMain();
        new picocli.CommandLine(main)
                .parseArgs(
                        "--config", "exec.properties",
                        "--bootstrap", "k:9092",
                        "--classes", "fast",
                        "--queue", "notes",
                        "--tools", "a,b",
                        "--instance-id", "i1",
                        "--set", "executor.max.in.flight=8");

        assertThat(main.options.config).hasToString("exec.properties");
        assertThat(main.options.overrides())
                .containsEntry("bootstrap.servers", "k:9092")
                .containsEntry("executor.classes", "fast")
                .containsEntry("executor.queue", "notes")
                .containsEntry("executor.tools", "a,b")
                .containsEntry("executor.instance.id", "i1")
                .containsEntry("executor.max.in.flight", "8");
        assertThat(ExecutorMain.run(new String[] {"--bogus", "1"}, Map.of(), List.of()))
                .isEqualTo(ExecutorMain.EXIT_USAGE);
        assertThat(ExecutorMain.run(new String[] {"--set", "novalue"}, Map.of(), List.of()))
                .isEqualTo(ExecutorMain.EXIT_USAGE);
    }

    @Test
    void shouldExitWithTheUsageStatusOnBadSettings() {
        int status =
                ExecutorMain.run(new String[] {"--bootstrap", "k:9092", "--classes", "turbo"}, Map.of(), List.of());

        assertThat(status).isEqualTo(ExecutorMain.EXIT_USAGE);
    }
}
