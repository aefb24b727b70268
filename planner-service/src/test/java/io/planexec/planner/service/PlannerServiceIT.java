package io.planexec.planner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ExtendWith(KafkaClusterExtension.class)
class PlannerServiceIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlannerServiceIT.class);

    private final WireFormat wire = new WireFormat();

    @TempDir
    Path stateDir;

    private static void createTopics(KafkaCluster kafka, Topics topics, int partitions) throws InterruptedException {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .createMissing(TopicProvisioner.standardTopics(topics, partitions, (short) -1));
        }
    }

    private PlannerService start(KafkaCluster kafka, Topics topics) throws InterruptedException {
        PlannerService planner = new PlannerService(
                new PlannerConfig(PlannerFixtures.settings(kafka, topics.prefix(), stateDir)),
                new SimpleMeterRegistry(),
                Time.SYSTEM);
        long started = System.nanoTime();
        planner.start();
        assertThat(planner.awaitReady(PlannerFixtures.generous())).isTrue();
        LOGGER.info("planner_ready_ms={}", (System.nanoTime() - started) / 1_000_000);
        return planner;
    }

    private void submit(KafkaCluster kafka, Topics topics, String planId, String json) {
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topics.requests(), planId, json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private PlanResult awaitResult(KafkaCluster kafka, String topic, String planId) {
        try (TopicReader reader = new TopicReader(kafka, topic)) {
            return await().atMost(PlannerFixtures.generous())
                    .until(
                            () -> reader.poll().stream()
                                    .map(r -> wire.readPlanResult(r.value()))
                                    .filter(r -> r.planId().equals(planId))
                                    .findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
        }
    }

    @Test
    void shouldRunAPlanEndToEndOnARealBroker(KafkaCluster kafka) throws Exception {
        // Given topics, registered tools, a running planner and an executor
        Topics topics = new Topics(kafka.uniquePrefix("e2e"));
        createTopics(kafka, topics, 2);
        PlannerFixtures.register(kafka, topics, List.of(PlannerFixtures.ECHO, PlannerFixtures.WRITE));
        try (PlannerService planner = start(kafka, topics);
                ScriptedExecutor executor = new ScriptedExecutor(
                        kafka, topics, t -> ScriptedExecutor.Answer.ok(Map.of("echo", t.args())))) {

            // When an agent sends three parallel calls and one that needs the first's output
            submit(kafka, topics, "p-e2e", """
                    {"schema_version": 1, "plan_id": "p-e2e", "tool_calls": [
                      {"id": "c1", "function": {"name": "echo", "arguments": "{\\"n\\": 1}"}},
                      {"id": "c2", "function": {"name": "echo", "arguments": "{\\"n\\": 2}"}},
                      {"id": "c3", "function": {"name": "write", "arguments": "{\\"key\\": \\"k\\"}"}},
                      {"id": "c4", "function": {"name": "echo", "arguments": "{\\"n\\": {\\"$ref\\": \\"c1\\", \\"path\\": \\"/echo/n\\"}}"}}]}
                    """);

            // Then it ends with one result, in the OpenAI dialect
            PlanResult result = awaitResult(kafka, topics.planResults(), "p-e2e");
            assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(result.messages())
                    .extracting(m -> m.get("tool_call_id"))
                    .containsExactly("c1", "c2", "c3", "c4");
            assertThat(result.messages().get(3).get("content")).isEqualTo("{\"echo\":{\"n\":1}}");
            assertThat(result.steps().get("c3").executor()).isEqualTo("scripted");
            assertThat(planner.isReady()).isTrue();
            assertThat(planner.metrics()
                            .registry()
                            .get("planexec.planner.plans.accepted")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void shouldRepublishARequestWrittenToAPartitionItsPlanIdDoesNotHashTo(KafkaCluster kafka) throws Exception {
        // Given a planner on two partitions
        Topics topics = new Topics(kafka.uniquePrefix("part"));
        createTopics(kafka, topics, 2);
        PlannerFixtures.register(kafka, topics, List.of(PlannerFixtures.ECHO));
        try (PlannerService planner = start(kafka, topics);
                ScriptedExecutor executor =
                        new ScriptedExecutor(kafka, topics, t -> ScriptedExecutor.Answer.ok("done"))) {

            // When a client with another partitioner writes a request to the wrong partition
            String planId = "p-wrong-partition";
            int right = Utils.toPositive(Utils.murmur2(planId.getBytes(StandardCharsets.UTF_8))) % 2;
            try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                producer.send(new ProducerRecord<>(
                        topics.requests(), 1 - right, planId, """
                        {"schema_version": 1, "plan_id": "p-wrong-partition", "steps": [{"id": "a", "tool": "echo"}]}
                        """.getBytes(StandardCharsets.UTF_8)));
            }

            // Then the planner moves it where its step results will arrive, and the plan completes
            PlanResult result = awaitResult(kafka, topics.planResults(), planId);
            assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(kafka.readAll(topics.requests()))
                    .extracting(r -> r.partition())
                    .containsExactlyInAnyOrder(1 - right, right);
        }
    }

    @Test
    void shouldRefuseToStartWhenRequestsAndStepResultsAreNotCoPartitioned(KafkaCluster kafka) throws Exception {
        // Given requests with 2 partitions and step results with 3
        Topics topics = new Topics(kafka.uniquePrefix("copart"));
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(
                            new NewTopic(topics.requests(), Optional.of(2), Optional.empty()),
                            new NewTopic(topics.stepResults(), Optional.of(3), Optional.empty())))
                    .all()
                    .get();
        }

        // When the planner starts, it refuses, saying what to do
        try (PlannerService planner = new PlannerService(
                new PlannerConfig(PlannerFixtures.settings(kafka, topics.prefix(), stateDir)),
                new SimpleMeterRegistry(),
                Time.SYSTEM)) {
            assertThatThrownBy(planner::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("topics '" + topics.requests() + "' (2 partitions) and '" + topics.stepResults()
                            + "' (3 partitions) must have the same number of partitions: both are keyed by plan id"
                            + " and one planner task must own a plan's requests and results. Add partitions to the"
                            + " smaller one (kafka-topics --alter --partitions 3) before starting the planner.");
            assertThat(planner.state()).isNull();
        }
    }
}
