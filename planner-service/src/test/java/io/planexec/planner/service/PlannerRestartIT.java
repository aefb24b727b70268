package io.planexec.planner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.model.LatencyClass;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner killed (SIGKILL) at several moments while plans run, and restarted on the same state directory: every
 * plan still ends with exactly one result, and no step task is published twice for one release.
 */
@ExtendWith(KafkaClusterExtension.class)
class PlannerRestartIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlannerRestartIT.class);
    private static final int PLANS_PER_WAVE = 15;

    private final WireFormat wire = new WireFormat();

    @TempDir
    Path dir;

    @Test
    void shouldEndEveryPlanOnceAndReleaseNoStepTwiceWhenThePlannerIsKilledMidPlan(KafkaCluster kafka) throws Exception {
        // Given topics, tools, a scripted executor that answers every task, and a planner in a child JVM
        Topics topics = new Topics(kafka.uniquePrefix("kill"));
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .createMissing(TopicProvisioner.standardTopics(topics, 2, (short) -1));
        }
        PlannerFixtures.register(kafka, topics, List.of(PlannerFixtures.ECHO, PlannerFixtures.WRITE));
        Map<String, String> settings = PlannerFixtures.settings(kafka, topics.prefix(), dir.resolve("state"));
        settings.put(PlannerConfig.INSTANCE_ID, "planner-a");
        settings.put("streams.session.timeout.ms", "6000");
        settings.put("streams.heartbeat.interval.ms", "1000");
        List<String> planIds = new ArrayList<>();
        try (PlannerProcess planner = new PlannerProcess(settings, dir.resolve("planner.log"));
                ScriptedExecutor executor = new ScriptedExecutor(
                        kafka, topics, t -> ScriptedExecutor.Answer.ok(Map.of("step", t.stepId())));
                KafkaProducer<String, byte[]> producer = kafka.producer();
                TopicReader results = new TopicReader(kafka, topics.planResults())) {
            planner.start();

            // When plans are submitted in waves and the planner is killed in the middle of each wave
            for (int wave = 0; wave < 3; wave++) {
                for (int i = 0; i < PLANS_PER_WAVE; i++) {
                    String planId = "w" + wave + "-p" + i;
                    planIds.add(planId);
                    producer.send(new ProducerRecord<>(
                            topics.requests(), planId, request(planId).getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
                int enough = finished(results).size() + 3 * (wave + 1);
                if (wave != 1) { // wave 1 is killed as soon as it is sent, before most requests are read
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> finished(results).size() >= enough);
                }
                planner.kill();
                LOGGER.info(
                        "planner_killed wave={} finished_so_far={}",
                        wave,
                        finished(results).size());
                planner.start();
            }

            // Then every plan ends, with exactly one result each
            long waitFrom = System.nanoTime();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> finished(results).keySet().containsAll(planIds));
            LOGGER.info("all_plans_finished after_last_restart_ms={}", (System.nanoTime() - waitFrom) / 1_000_000);
            Map<String, List<PlanResult>> byPlan = finished(results);
            assertThat(byPlan).hasSize(planIds.size());
            assertThat(byPlan.values()).allSatisfy(r -> {
                assertThat(r).hasSize(1);
                assertThat(r.get(0).status()).isEqualTo(PlanStatus.SUCCEEDED);
            });
            assertThat(planner.starts()).isEqualTo(4);
        }

        // And no (plan, step, release) task was published twice (committed records only)
        List<String> released = new ArrayList<>();
        for (LatencyClass c : LatencyClass.values()) {
            for (ConsumerRecord<String, byte[]> r : kafka.readAll(topics.steps(c))) {
                released.add(wire.readStepTask(r.value()).idempotencyKey());
            }
        }
        Map<String, Long> counts =
                released.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Set<String> twice = new TreeSet<>();
        counts.forEach((key, n) -> {
            if (n > 1) {
                twice.add(key + " x" + n);
            }
        });
        assertThat(twice).isEmpty();
        assertThat(counts).hasSize(planIds.size() * 5);
    }

    /** Five steps: two independent calls, a write, and a chain of two that uses the first call's output. */
    private static String request(String planId) {
        return """
                {"schema_version": 1, "plan_id": "%s", "steps": [
                  {"id": "a", "tool": "echo", "args": {"n": 1}},
                  {"id": "b", "tool": "echo", "args": {"n": 2}},
                  {"id": "w", "tool": "write", "args": {"key": "%s"}},
                  {"id": "c", "tool": "echo", "args": {"x": {"$ref": "a"}}},
                  {"id": "d", "tool": "echo", "args": {"x": {"$ref": "c", "path": "/step"}}}]}
                """.formatted(planId, planId);
    }

    private Map<String, List<PlanResult>> finished(TopicReader results) {
        Map<String, List<PlanResult>> byPlan = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : results.poll()) {
            PlanResult result = wire.readPlanResult(r.value());
            byPlan.computeIfAbsent(result.planId(), k -> new ArrayList<>()).add(result);
        }
        return byPlan;
    }
}
