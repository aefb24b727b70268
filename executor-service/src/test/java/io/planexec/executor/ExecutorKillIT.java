package io.planexec.executor;

import static io.planexec.executor.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.executor.metrics.ExecutorMeter;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.testing.ChildJvm;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor process killed mid-call (SIGKILL, no shutdown hooks): after another executor takes the partition over,
 * the idempotent step is re-run and finished once, the non-idempotent step is never called again, and a step the dead
 * process had finished is neither re-run nor re-reported.
 */
@ExtendWith(KafkaClusterExtension.class)
class ExecutorKillIT {

    private static final String INSTANCE = "kill-1";

    @Test
    void shouldReRunTheIdempotentStepAndNeverRepeatTheNonIdempotentOneAfterAKill(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        // Given an executor in a child JVM, and on one partition: a long non-idempotent call, a quick idempotent one,
        // a long idempotent one
        String prefix = kafka.uniquePrefix("kill");
        Topics topics = new Topics(prefix);
        Path ledger = dir.resolve("ledger.txt");
        Map<String, String> settings = Tasks.settings(kafka, prefix, INSTANCE);
        settings.put("executor.session.timeout.ms", "2000");
        Process child = startChild(dir, ledger, settings);
        StepTask charge =
                Tasks.withKey(task("p-kill", "charge", "charge", Map.of("card", "c1", "ms", 60_000), false), "card:c1");
        StepTask quick = Tasks.withKey(
                task("p-kill", "quick", "reindex", Map.of("name", "small", "ms", 0), true), "index:small");
        StepTask slow = Tasks.withKey(
                task("p-kill", "slow", "reindex", Map.of("name", "big", "ms", 60_000), true), "index:big");
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            try {
                Tasks.publish(producer, topics, 0, charge);
                Tasks.publish(producer, topics, 0, quick);
                Tasks.publish(producer, topics, 0, slow);

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(starts(ledger, "charge")).hasSize(1);
                    assertThat(starts(ledger, "slow")).hasSize(1);
                    assertThat(Tasks.finished(kafka, topics)).containsKey("p-kill/quick");
                });
            } finally {
                // When the process dies abruptly in the middle of both long calls
                child.destroyForcibly();
                child.waitFor();
            }

            // And another executor with the same instance id takes over
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Toolbox toolbox = new Toolbox().registerAll(new LedgerTools(ledger, 0).tools());
            try (ExecutorNode next = ExecutorNode.builder(new ExecutorConfig(settings))
                    .toolbox(toolbox)
                    .meterRegistry(registry)
                    .start()) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(Tasks.finished(kafka, topics)).containsKey("p-kill/slow");
                    assertThat(count(registry, ExecutorMeter.UNKNOWN)).isEqualTo(1);
                });
                StepTask after = Tasks.withKey(
                        task("p-kill", "after", "reindex", Map.of("name", "x", "ms", 0), true), "index:x");
                Tasks.publish(producer, topics, 0, after);
                await().atMost(Tasks.atMost())
                        .untilAsserted(
                                () -> assertThat(Tasks.finished(kafka, topics)).containsKey("p-kill/after"));
                assertThat(count(registry, ExecutorMeter.SKIPPED)).isEqualTo(1);
            }
        }

        // Then the idempotent step ran again and finished once
        assertThat(starts(ledger, "slow")).extracting(l -> l.get(1)).hasSize(2);
        List<StepResult> results = Tasks.results(kafka, topics);
        assertThat(results)
                .filteredOn(r -> r.stepId().equals("slow") && r.kind() == StepResult.Kind.FINISHED)
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(StepStatus.SUCCEEDED));
        // And the non-idempotent step was called once, its STARTED notice stands alone (the planner ends it UNKNOWN)
        assertThat(starts(ledger, "charge")).hasSize(1);
        assertThat(ends(ledger, "charge")).isEmpty();
        assertThat(results)
                .filteredOn(r -> r.stepId().equals("charge"))
                .extracting(StepResult::kind)
                .containsExactly(StepResult.Kind.STARTED);
        // And the step the dead process finished was neither re-run nor re-reported
        assertThat(starts(ledger, "quick")).hasSize(1);
        assertThat(results).filteredOn(r -> r.stepId().equals("quick")).hasSize(1);
    }

    @Test
    void shouldLeaveOnlyTheCallsInProgressUnknownWhenKilledWithABacklog(KafkaCluster kafka, @TempDir Path dir)
            throws Exception {
        // Given an executor in a child JVM and a backlog of non-idempotent tasks: ten behind one key (one card), and
        // ten on different keys of a tool with a cap of 1, every call taking a minute
        String prefix = kafka.uniquePrefix("backlog");
        Topics topics = new Topics(prefix);
        Path ledger = dir.resolve("ledger.txt");
        Map<String, String> settings = Tasks.settings(kafka, prefix, "backlog-1");
        Process child = startChild(dir, ledger, settings);
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            try {
                for (int i = 0; i < 10; i++) {
                    StepTask charge = Tasks.withKey(
                            task("p-" + i, "charge", "charge", Map.of("card", "c1", "ms", 60_000), false), "card:c1");
                    StepTask settle = Tasks.withKey(
                            task("p-" + i, "settle", "settle", Map.of("account", "a" + i, "ms", 60_000), false),
                            "account:a" + i);
                    Tasks.publish(producer, topics, 0, charge);
                    Tasks.publish(producer, topics, 1, settle);
                }

                // When the process dies while the first call of each runs
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(LedgerTools.read(ledger)).hasSize(2));
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
        }

        // Then exactly the calls in progress have STARTED notices (the planner ends those UNKNOWN), and every
        // notice is for a call that was made
        List<String> made = LedgerTools.read(ledger).stream()
                .filter(l -> l.get(0).equals("start"))
                .map(l -> l.get(3) + "/" + l.get(4))
                .toList();
        List<String> noticed = Tasks.results(kafka, topics).stream()
                .filter(r -> r.kind() == StepResult.Kind.STARTED)
                .map(r -> r.planId() + "/" + r.stepId())
                .toList();
        assertThat(made).hasSize(2);
        assertThat(noticed).containsExactlyInAnyOrderElementsOf(made);
    }

    private static Process startChild(Path dir, Path ledger, Map<String, String> settings) throws IOException {
        Path config = dir.resolve("executor.properties");
        Properties properties = new Properties();
        properties.putAll(settings);
        try (var out = Files.newOutputStream(config)) {
            properties.store(out, "kill test");
        }
        return ChildJvm.start(
                ExecutorMain.class,
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dplanexec.test.ledger=" + ledger),
                List.of("--config", config.toString()),
                Path.of("target", "executor-kill-child.log"));
    }

    private static List<List<String>> starts(Path ledger, String step) {
        return LedgerTools.read(ledger).stream()
                .filter(l -> l.get(0).equals("start") && l.get(4).equals(step))
                .toList();
    }

    private static List<List<String>> ends(Path ledger, String step) {
        return LedgerTools.read(ledger).stream()
                .filter(l -> l.get(0).equals("end") && l.get(4).equals(step))
                .toList();
    }

    private static double count(SimpleMeterRegistry registry, ExecutorMeter meter) {
        var counter = registry.find(meter.meterName()).counter();
        return counter == null ? 0 : counter.count();
    }
}
