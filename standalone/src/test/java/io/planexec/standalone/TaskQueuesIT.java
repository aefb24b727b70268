package io.planexec.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.config.CommonSettings;
import io.planexec.executor.ExecutorConfig;
import io.planexec.executor.ExecutorNode;
import io.planexec.executor.tool.Arg;
import io.planexec.executor.tool.ToolFunction;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Executors with different tools beside each other: the standalone system with the demo tools, and an executor of
 * note tools on its own task queue. Every step reaches an executor that has its tool.
 */
@ExtendWith(KafkaClusterExtension.class)
class TaskQueuesIT {

    /** Tools of another team, served by their own executor. */
    public static final class NoteTools {

        private final Map<String, String> notes = new ConcurrentHashMap<>();

        @ToolFunction(name = "put_note", description = "Stores a note.", writes = "note:{id}")
        public String putNote(@Arg("id") String id, @Arg("text") String text) {
            notes.put(id, text);
            return "stored " + id;
        }

        @ToolFunction(name = "get_note", description = "Reads a note.", reads = "note:{id}", idempotent = true)
        public String getNote(@Arg("id") String id) {
            return notes.getOrDefault(id, "");
        }
    }

    @Test
    void shouldRunEveryPlanWhenExecutorsWithDifferentToolsConsumeDifferentQueues(KafkaCluster kafka) throws Exception {
        // Given the system with the demo tools, and an executor of the note tools on the queue "notes"
        String prefix = kafka.uniquePrefix("queues");
        Map<String, String> notesSettings = Map.of(
                CommonSettings.BOOTSTRAP_SERVERS,
                kafka.bootstrapServers(),
                CommonSettings.TOPIC_PREFIX,
                prefix,
                ExecutorConfig.INSTANCE_ID,
                "notes-1",
                ExecutorConfig.QUEUE,
                "notes");
        try (Standalone planexec = Standalone.builder()
                        .bootstrap(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .start();
                ExecutorNode notes = ExecutorNode.builder(new ExecutorConfig(notesSettings))
                        .toolbox(new Toolbox().registerMethods(new NoteTools()))
                        .meterRegistry(new SimpleMeterRegistry())
                        .start();
                PlanexecClient client = PlanexecClient.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .build();
                Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(notes.queues()).containsExactly("notes");
            assertThat(admin.listTopics().names().get()).contains(prefix + ".steps.notes");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> planexec.planner().registeredTools().containsAll(List.of("put_note", "get_note")));

            // When six plans each store a note, read it back, and call a demo tool
            List<CompletableFuture<PlanResult>> pending = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pending.add(client.submit(
                        Requests.steps("queues-" + i)
                                .step("put", "put_note", Map.of("id", "n" + i, "text", "hello " + i))
                                .step("get", "get_note", Map.of("id", "n" + i))
                                .step("weather", "get_weather", Map.of("city", "Oslo", "delay_ms", 10))
                                .build(),
                        Duration.ofSeconds(60)));
            }

            // Then every plan succeeds: the note steps ran on the notes executor, the demo step on the standalone one
            for (int i = 0; i < 6; i++) {
                PlanResult result = pending.get(i).get(90, TimeUnit.SECONDS);
                assertThat(result.status()).as("plan %d: %s", i, result).isEqualTo(PlanStatus.SUCCEEDED);
                assertThat(result.steps().get("get").output()).isEqualTo("hello " + i);
                assertThat(result.steps().get("put"))
                        .extracting(StepOutcome::executor)
                        .isEqualTo("notes-1");
                assertThat(result.steps().get("weather").executor()).isNotEqualTo("notes-1");
            }
        }
    }

    @Test
    void shouldFailAStepNobodyServesInTimeAndRunOneWhoseExecutorComesBack(KafkaCluster kafka) throws Exception {
        // Given the system, and a notes executor that registered its tools and stopped
        String prefix = kafka.uniquePrefix("unserved");
        Map<String, String> notesSettings = Map.of(
                CommonSettings.BOOTSTRAP_SERVERS,
                kafka.bootstrapServers(),
                CommonSettings.TOPIC_PREFIX,
                prefix,
                ExecutorConfig.INSTANCE_ID,
                "notes-1",
                ExecutorConfig.QUEUE,
                "notes");
        NoteTools notes = new NoteTools();
        try (Standalone planexec = Standalone.builder()
                        .bootstrap(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .setting(PlannerConfig.UNSERVED_TIMEOUT_MS, "8000")
                        .start();
                PlanexecClient client = PlanexecClient.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .build()) {
            startNotes(notesSettings, notes).close();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> planexec.planner().registeredTools().contains("put_note"));

            // When a plan stores a note while no executor of the tool runs, and none comes
            long start = System.nanoTime();
            PlanResult unserved = client.submit(
                            Requests.steps("unserved-1")
                                    .step("put", "put_note", Map.of("id", "n1", "text", "lost"))
                                    .step("weather", "get_weather", Map.of("city", "Oslo", "delay_ms", 10))
                                    .build(),
                            Duration.ofSeconds(60))
                    .get(90, TimeUnit.SECONDS);

            // Then the step fails once its start-by time has passed, saying why and what to do; the rest ran
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMs).isBetween(8_000L, 60_000L);
            assertThat(unserved.status()).isEqualTo(PlanStatus.PARTIAL);
            assertThat(unserved.steps().get("put").error())
                    .startsWith("no executor serving tool 'put_note' (queue 'notes') was running when the step was"
                            + " released")
                    .contains("it was last served by executor 'notes-1' (queue notes), which stopped at")
                    .endsWith("Start an executor that serves it (one that consumes queue 'notes')");
            assertThat(unserved.steps().get("weather").status()).isEqualTo(StepStatus.SUCCEEDED);

            // And when a plan is submitted while no executor runs, and the executor comes back (scale from zero)
            CompletableFuture<PlanResult> pending = client.submit(
                    Requests.steps("unserved-2")
                            .step("put", "put_note", Map.of("id", "n2", "text", "kept"))
                            .build(),
                    Duration.ofSeconds(60));
            try (ExecutorNode back = startNotes(notesSettings, notes)) {
                // Then it runs there
                PlanResult served = pending.get(90, TimeUnit.SECONDS);
                assertThat(served.status()).isEqualTo(PlanStatus.SUCCEEDED);
                assertThat(served.steps().get("put").executor()).isEqualTo("notes-1");
            }
        }
        assertThat(notes.notes).containsOnlyKeys("n2");
    }

    private static ExecutorNode startNotes(Map<String, String> settings, NoteTools tools) {
        return ExecutorNode.builder(new ExecutorConfig(settings))
                .toolbox(new Toolbox().registerMethods(tools))
                .meterRegistry(new SimpleMeterRegistry())
                .start();
    }
}
