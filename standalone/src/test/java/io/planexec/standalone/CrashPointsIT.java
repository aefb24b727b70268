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
import io.planexec.faults.CrashPoint;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.planner.PlannerMain;
import io.planexec.planner.service.PlannerConfig;
import io.planexec.testing.ChildJvm;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process dies at an exact point of a step's life ({@link CrashPoint}, or inside the call), for an idempotent and a
 * non-idempotent tool; another process takes over. Each case checks the outcome the table in docs/reliability.md
 * promises, and the ledger of calls: how many times the tool was called, whatever the services believe.
 */
@ExtendWith(KafkaClusterExtension.class)
class CrashPointsIT {

    private static final String PAY = "crash_pay";
    private static final String SYNC = "crash_sync";

    @TempDir
    static Path dir;

    private static KafkaCluster kafka;
    private static String prefix;
    private static Standalone planexec;
    private static PlanexecClient client;
    private static int run;

    @BeforeAll
    static void start(KafkaCluster cluster) throws InterruptedException {
        kafka = cluster;
        prefix = kafka.uniquePrefix("crashpoints");
        // the planner and an executor of the other queues in this JVM; the crash tools only in the executors below
        planexec = Standalone.builder()
                .bootstrap(kafka.bootstrapServers())
                .topicPrefix(prefix)
                .setting(ExecutorConfig.CLASSES, "fast,medium,slow")
                .setting(PlannerConfig.UNKNOWN_GRACE_MS, "1000")
                .start();
        client = PlanexecClient.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topicPrefix(prefix)
                .build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (planexec != null) {
            planexec.close();
        }
    }

    // ---- an executor dies ----

    @Test
    void shouldRunAnIdempotentCallOnceWhenItsExecutorDiesJustBeforeIt() throws Exception {
        Outcome o = executorDies(SYNC, List.of("-D" + CrashPoint.PROPERTY + "=executor.before-call"));
        assertThat(o.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(o.starts()).isEqualTo(1);
        assertThat(o.ends()).isEqualTo(1);
    }

    @Test
    void shouldNeverMakeANonIdempotentCallWhoseExecutorDiedAfterItsStartedNoticeCommitted() throws Exception {
        Outcome o = executorDies(PAY, List.of("-D" + CrashPoint.PROPERTY + "=executor.before-call"));
        assertThat(o.status()).isEqualTo(StepStatus.UNKNOWN);
        assertThat(o.starts()).isZero();
    }

    @Test
    void shouldRunAnIdempotentCallAgainWhenItsExecutorDiesDuringIt() throws Exception {
        Outcome o = executorDies(SYNC, List.of("-Dplanexec.test.halt.in.call=true"));
        assertThat(o.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(o.starts()).isEqualTo(2);
        assertThat(o.ends()).isEqualTo(1);
    }

    @Test
    void shouldNotRepeatANonIdempotentCallWhoseExecutorDiedDuringIt() throws Exception {
        Outcome o = executorDies(PAY, List.of("-Dplanexec.test.halt.in.call=true"));
        assertThat(o.status()).isEqualTo(StepStatus.UNKNOWN);
        assertThat(o.starts()).isEqualTo(1);
        assertThat(o.ends()).isZero();
    }

    @Test
    void shouldRunAnIdempotentCallAgainWhenItsExecutorDiesBeforeItsResultCommitted() throws Exception {
        Outcome o = executorDies(SYNC, List.of("-D" + CrashPoint.PROPERTY + "=executor.call-returned"));
        assertThat(o.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(o.starts()).isEqualTo(2);
        assertThat(o.ends()).isEqualTo(2);
    }

    @Test
    void shouldNotRepeatANonIdempotentCallWhoseExecutorDiedBeforeItsResultCommitted() throws Exception {
        Outcome o = executorDies(PAY, List.of("-D" + CrashPoint.PROPERTY + "=executor.call-returned"));
        assertThat(o.status()).isEqualTo(StepStatus.UNKNOWN);
        assertThat(o.starts()).isEqualTo(1);
        assertThat(o.ends()).isEqualTo(1);
    }

    /** What became of one step, and how often its tool was really called. */
    record Outcome(StepStatus status, long starts, long ends) {}

    /**
     * Given an executor in a child JVM with these options, serving the crash tools alone: a plan of one call to the
     * tool goes to it, the child dies at its point, and an executor in this JVM takes over.
     */
    private static Outcome executorDies(String tool, List<String> crashOptions) throws Exception {
        String planId = "crash-" + ++run + "-" + tool;
        Path ledger = dir.resolve(planId + ".ledger");
        Map<String, String> settings = executorSettings();
        List<String> options =
                new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dplanexec.test.ledger=" + ledger));
        options.addAll(crashOptions);
        Process child = ChildJvm.start(
                ExecutorMain.class,
                options,
                List.of("--config", properties(settings, "executor-" + planId).toString()),
                Path.of("target", "crash-points-executor.log"));
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> planexec.planner().registeredTools().contains(tool));
            CompletableFuture<PlanResult> pending = client.submit(
                    Requests.openAi(planId)
                            .call("s", tool, Map.of("id", planId))
                            .build(),
                    Duration.ofSeconds(90));

            // the child dies at its point (137: halted there, not a failure elsewhere)
            assertThat(child.waitFor(60, TimeUnit.SECONDS))
                    .as("the child reached its crash point")
                    .isTrue();
            assertThat(child.exitValue()).isEqualTo(137);

            Toolbox tools = new Toolbox().registerAll(new CrashTools(ledger).tools());
            try (ExecutorNode next = ExecutorNode.builder(new ExecutorConfig(settings))
                    .toolbox(tools)
                    .meterRegistry(new SimpleMeterRegistry())
                    .start()) {
                PlanResult result = pending.get(100, TimeUnit.SECONDS);
                List<String> lines = CrashTools.read(ledger);
                return new Outcome(
                        result.steps().get("s").status(),
                        lines.stream().filter(l -> l.startsWith("start ")).count(),
                        lines.stream().filter(l -> l.startsWith("end ")).count());
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    // ---- the planner dies ----

    @Test
    void shouldReleaseTheNextIdempotentStepOnceWhenThePlannerDiesBeforeCommittingARelease() throws Exception {
        assertPlannerDeathRepeatsNothing(SYNC);
    }

    @Test
    void shouldReleaseTheNextNonIdempotentStepOnceWhenThePlannerDiesBeforeCommittingARelease() throws Exception {
        assertPlannerDeathRepeatsNothing(PAY);
    }

    /**
     * Given a planner in a child JVM that dies right after applying the first step's result (the second step released in
     * a transaction that never commits), and a second planner on the same state directory: the plan succeeds, each
     * step called once.
     */
    private static void assertPlannerDeathRepeatsNothing(String tool) throws Exception {
        String own = kafka.uniquePrefix("plannercrash");
        String planId = "planner-crash-" + tool;
        Path ledger = dir.resolve(planId + ".ledger");
        Path state = dir.resolve(planId + "-state");
        Map<String, String> settings = new HashMap<>();
        settings.put(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(CommonSettings.TOPIC_PREFIX, own);
        settings.put(PlannerConfig.STATE_DIR, state.toString());
        settings.put(PlannerConfig.INSTANCE_ID, "crash-planner");
        Path plannerConfig = properties(settings, "planner-" + planId);
        Map<String, String> executor = executorSettings();
        executor.put(CommonSettings.TOPIC_PREFIX, own);
        Process first = null;
        Process second = null;
        // the executor first: a planner that starts after its tools are registered plans with them from the start
        try (ExecutorNode node = ExecutorNode.builder(new ExecutorConfig(executor))
                        .toolbox(new Toolbox().registerAll(new CrashTools(ledger).tools()))
                        .meterRegistry(new SimpleMeterRegistry())
                        .start();
                PlanexecClient ownClient = PlanexecClient.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicPrefix(own)
                        .build()) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            ownClient.tools().stream().anyMatch(t -> t.name().equals(tool)));
            first = ChildJvm.start(
                    PlannerMain.class,
                    List.of("-Xmx384m", "-D" + CrashPoint.PROPERTY + "=planner.result-applied"),
                    List.of("--config", plannerConfig.toString()),
                    Path.of("target", "crash-points-planner.log"));
            // two calls on one resource: the second is released when the first's result is applied
            CompletableFuture<PlanResult> pending = ownClient.submit(
                    Requests.openAi(planId)
                            .call("first", tool, Map.of("id", planId))
                            .call("second", tool, Map.of("id", planId))
                            .build(),
                    Duration.ofMinutes(2));
            assertThat(first.waitFor(90, TimeUnit.SECONDS))
                    .as("the planner reached its crash point")
                    .isTrue();
            assertThat(first.exitValue()).isEqualTo(137);
            assertThat(CrashTools.read(ledger))
                    .containsExactly("start " + planId + " first", "end " + planId + " first");

            second = ChildJvm.start(
                    PlannerMain.class,
                    List.of("-Xmx384m"),
                    List.of("--config", plannerConfig.toString()),
                    Path.of("target", "crash-points-planner.log"));
            PlanResult result = pending.get(120, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(CrashTools.read(ledger))
                    .containsExactly(
                            "start " + planId + " first",
                            "end " + planId + " first",
                            "start " + planId + " second",
                            "end " + planId + " second");
        } finally {
            if (first != null) {
                first.destroyForcibly();
            }
            if (second != null) {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
                second.destroyForcibly();
            }
        }
    }

    private static Map<String, String> executorSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(CommonSettings.TOPIC_PREFIX, prefix);
        settings.put(ExecutorConfig.CLASSES, "very_slow");
        settings.put(ExecutorConfig.TOOLS, "crash_pay,crash_sync");
        settings.put(ExecutorConfig.SESSION_TIMEOUT_MS, "2000");
        settings.put(ExecutorConfig.INSTANCE_ID, "crash-" + run);
        return settings;
    }

    private static Path properties(Map<String, String> settings, String name) throws IOException {
        Path file = dir.resolve(name + ".properties");
        Properties properties = new Properties();
        properties.putAll(settings);
        try (var out = Files.newOutputStream(file)) {
            properties.store(out, "crash point test");
        }
        return file;
    }
}
