package io.planexec.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.config.CommonSettings;
import io.planexec.executor.ExecutorConfig;
import io.planexec.executor.ExecutorMain;
import io.planexec.executor.ExecutorNode;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.testing.ChildJvm;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-idempotent tool whose executor dies in the middle of the call (a child process killed with SIGKILL): the step
 * ends UNKNOWN, with an error that says so, and the tool is never called a second time, although another executor takes
 * the work over.
 */
@ExtendWith(KafkaClusterExtension.class)
class ExecutorCrashIT {

    @Test
    void shouldEndAStepWhoseExecutorDiedUnknownAndNeverCallItTwice(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        // Given the system, with the payment tool served only by an executor in a child process
        String prefix = kafka.uniquePrefix("crash");
        Path ledger = dir.resolve("ledger.txt");
        Map<String, String> executorSettings = new HashMap<>();
        executorSettings.put(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        executorSettings.put(CommonSettings.TOPIC_PREFIX, prefix);
        executorSettings.put(ExecutorConfig.CLASSES, "very_slow");
        executorSettings.put(ExecutorConfig.SESSION_TIMEOUT_MS, "2000");
        // the planner decides UNKNOWN once the process that started the call is gone: silent for three beats
        executorSettings.put(ExecutorConfig.HEARTBEAT_INTERVAL_MS, "1000");
        try (Standalone planexec = Standalone.builder()
                        .bootstrap(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .setting(ExecutorConfig.CLASSES, "fast,medium,slow")
                        .setting(PlannerConfig.UNKNOWN_GRACE_MS, "1000")
                        .start();
                PlanexecClient client = PlanexecClient.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .build()) {
            Process child = startExecutor(dir, ledger, executorSettings, "crash-1");
            CompletableFuture<PlanResult> pending;
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> planexec.planner().registeredTools().contains("charge_card"));

                // When a plan charges a card, and the executor dies while the charge runs
                pending = client.submit(
                        Requests.openAi("crash-1")
                                .call("charge", "charge_card", Map.of("card", "c-1", "ms", 30_000))
                                .call("note", "sleep", Map.of("value", "independent"))
                                .build(),
                        Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> PaymentTools.read(ledger).size() == 1);
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }

            // And another executor takes the payment work over
            Toolbox payments = new Toolbox().registerAll(new PaymentTools(ledger).tools());
            try (ExecutorNode next = ExecutorNode.builder(new ExecutorConfig(withInstance(executorSettings, "crash-2")))
                    .toolbox(payments)
                    .meterRegistry(new SimpleMeterRegistry())
                    .start()) {
                PlanResult result = pending.get(100, TimeUnit.SECONDS);

                // Then the charge ends UNKNOWN, saying why, and the rest of the plan went on
                assertThat(result.status()).isEqualTo(PlanStatus.PARTIAL);
                assertThat(result.steps().get("charge").status()).isEqualTo(StepStatus.UNKNOWN);
                assertThat(result.steps().get("charge").error()).containsIgnoringCase("unknown");
                assertThat(result.steps().get("note").status()).isEqualTo(StepStatus.SUCCEEDED);

                // And the new executor does serve the topic (a later charge to the same card runs on it) ...
                PlanResult later = client.submit(
                                Requests.openAi("crash-2")
                                        .call("charge", "charge_card", Map.of("card", "c-1", "ms", 0))
                                        .build(),
                                Duration.ofSeconds(90))
                        .get(100, TimeUnit.SECONDS);
                assertThat(later.status()).isEqualTo(PlanStatus.SUCCEEDED);
            }
        }

        // ... yet the first charge was made exactly once
        assertThat(PaymentTools.read(ledger)).containsExactly("start crash-1 charge c-1", "start crash-2 charge c-1");
    }

    private static Map<String, String> withInstance(Map<String, String> settings, String instance) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put(ExecutorConfig.INSTANCE_ID, instance);
        return copy;
    }

    private static Process startExecutor(Path dir, Path ledger, Map<String, String> settings, String instance)
            throws IOException {
        Path config = dir.resolve("executor-" + instance + ".properties");
        Properties properties = new Properties();
        properties.putAll(withInstance(settings, instance));
        try (var out = Files.newOutputStream(config)) {
            properties.store(out, "an executor that will be killed");
        }
        return ChildJvm.start(
                ExecutorMain.class,
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dplanexec.test.ledger=" + ledger),
                List.of("--config", config.toString()),
                Path.of("target", "executor-crash-child.log"));
    }
}
