package io.planexec.planner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepTask;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.TopicProvisioner;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reply topics on a real broker: results reach the reply topics requests ask for, exactly once, through the reply
 * forwarder, and a reply topic that is missing or deleted while its plan runs costs that plan its copy and never other
 * plans their time.
 */
@ExtendWith(KafkaClusterExtension.class)
class ReplyDeliveryIT {

    private static final Logger LOGGER = LoggerFactory.getLogger(ReplyDeliveryIT.class);

    private final WireFormat wire = new WireFormat();

    @TempDir
    Path stateDir;

    @Test
    void shouldCopyTheResultOnceToEveryReplyTopicAskedForWhileThePlanRan(KafkaCluster kafka) throws Exception {
        // Given a planner, and two agents' reply topics
        Topics topics = topics(kafka, "copy");
        String first = topics.prefix() + ".agent-1";
        String second = topics.prefix() + ".agent-2";
        kafka.createTopics(2, first, second);
        List<StepTask> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PlannerService planner = start(kafka, topics);
                ScriptedExecutor executor = new ScriptedExecutor(kafka, topics, t -> {
                    held.add(t);
                    return null;
                })) {
            // When a plan asks for the first topic, and an agent that restarted resubmits it asking for the second
            submit(kafka, topics, "p-copy", first);
            await().atMost(PlannerFixtures.generous()).until(() -> !held.isEmpty());
            submit(kafka, topics, "p-copy", second);
            awaitEvent(kafka, topics, "p-copy", PlanEventType.DUPLICATE_REQUEST);
            executor.answer(held.get(0), ScriptedExecutor.Answer.ok("done"));

            // Then the one result is on the results topic and on each reply topic, once
            PlanResult result = awaitResult(kafka, topics.planResults(), "p-copy");
            assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(awaitResult(kafka, first, "p-copy")).isEqualTo(result);
            assertThat(awaitResult(kafka, second, "p-copy")).isEqualTo(result);
            await().atMost(PlannerFixtures.generous())
                    .until(() -> planner.metrics()
                                    .registry()
                                    .get("planexec.planner.replies.copied")
                                    .counter()
                                    .count()
                            == 2.0);
            assertThat(kafka.readAll(first)).hasSize(1);
            assertThat(kafka.readAll(second)).hasSize(1);
            assertThat(held).hasSize(1);
        }
    }

    @Test
    void shouldKeepOtherPlansOnTimeWhenAReplyTopicIsDeletedWhileItsPlanRuns(KafkaCluster kafka) throws Exception {
        // Given a planner whose forwarder has already copied a result to an agent's topic (so it trusts the topic)
        Topics topics = topics(kafka, "deleted");
        String agentTopic = topics.prefix() + ".agent-gone";
        kafka.createTopics(1, agentTopic);
        List<StepTask> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PlannerService planner = start(kafka, topics);
                ScriptedExecutor executor = new ScriptedExecutor(kafka, topics, t -> {
                    if (t.planId().startsWith("p-slow")) {
                        held.add(t);
                        return null;
                    }
                    return ScriptedExecutor.Answer.ok("done");
                })) {
            submit(kafka, topics, "p-warm", agentTopic);
            awaitResult(kafka, agentTopic, "p-warm");
            List<Long> before = runPlans(kafka, topics, "p-before", 10);

            // When a plan that asked for that topic is running, the topic is deleted (its agent gave up and left),
            // and the plan then finishes
            submit(kafka, topics, "p-slow", agentTopic);
            await().atMost(PlannerFixtures.generous()).until(() -> !held.isEmpty());
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                admin.deleteTopics(List.of(agentTopic)).all().get(30, TimeUnit.SECONDS);
            }
            executor.answer(held.get(0), ScriptedExecutor.Answer.ok("late"));
            PlanResult slow = awaitResult(kafka, topics.planResults(), "p-slow");

            // Then the plans that follow take as long as those before (they waited 60 s or more for the planner's
            // producer to give up on the deleted topic when the planner wrote to reply topics itself)
            List<Long> after = runPlans(kafka, topics, "p-after", 10);
            LOGGER.info("plan_ms_before={} plan_ms_after={}", before, after);
            assertThat(slow.status()).isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(max(after)).isLessThan(Math.max(5_000, 5 * max(before)));
            assertThat(planner.state()).isEqualTo(KafkaStreams.State.RUNNING);

            // And the deleted topic's plan is told why its copy was not made
            PlanEvent undelivered = awaitEvent(kafka, topics, "p-slow", PlanEventType.REPLY_UNDELIVERED);
            assertThat(undelivered.detail())
                    .startsWith("reply_to '" + agentTopic + "' cannot take the result: ")
                    .endsWith("; the result is on " + topics.planResults() + " only");
        }
    }

    @Test
    void shouldReportAReplyTopicThatDoesNotExist(KafkaCluster kafka) throws Exception {
        Topics topics = topics(kafka, "typo");
        try (PlannerService planner = start(kafka, topics);
                ScriptedExecutor executor =
                        new ScriptedExecutor(kafka, topics, t -> ScriptedExecutor.Answer.ok("done"))) {
            submit(kafka, topics, "p-typo", topics.prefix() + ".no-such-topic");

            assertThat(awaitResult(kafka, topics.planResults(), "p-typo").status())
                    .isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(awaitEvent(kafka, topics, "p-typo", PlanEventType.REPLY_UNDELIVERED)
                            .detail())
                    .isEqualTo("reply_to '" + topics.prefix() + ".no-such-topic' cannot take the result: topic '"
                            + topics.prefix() + ".no-such-topic' does not exist; the result is on "
                            + topics.planResults() + " only");
            await().atMost(PlannerFixtures.generous())
                    .until(() -> planner.metrics()
                                    .registry()
                                    .get("planexec.planner.reply.fallbacks")
                                    .counter()
                                    .count()
                            == 1.0);
        }
    }

    // ---- fixtures ----

    private Topics topics(KafkaCluster kafka, String name) throws InterruptedException {
        Topics topics = new Topics(kafka.uniquePrefix(name));
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .createMissing(TopicProvisioner.standardTopics(topics, 2, (short) -1));
        }
        PlannerFixtures.register(kafka, topics, List.of(PlannerFixtures.ECHO));
        return topics;
    }

    private PlannerService start(KafkaCluster kafka, Topics topics) throws InterruptedException {
        Map<String, String> settings = PlannerFixtures.settings(kafka, topics.prefix(), stateDir);
        PlannerService planner =
                new PlannerService(new PlannerConfig(settings), new SimpleMeterRegistry(), Time.SYSTEM);
        planner.start();
        assertThat(planner.awaitReady(PlannerFixtures.generous())).isTrue();
        return planner;
    }

    private void submit(KafkaCluster kafka, Topics topics, String planId, String replyTo) {
        String json = """
                {"schema_version": 1, "plan_id": "%s", %s"steps": [{"id": "a", "tool": "echo", "args": {}}]}
                """.formatted(planId, replyTo == null ? "" : "\"reply_to\": \"" + replyTo + "\", ");
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topics.requests(), planId, json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Runs plans one after another on the default topic; each one's time from request to result, in ms. */
    private List<Long> runPlans(KafkaCluster kafka, Topics topics, String prefix, int count) {
        List<Long> millis = new ArrayList<>();
        try (TopicReader reader = new TopicReader(kafka, topics.planResults())) {
            for (int i = 0; i < count; i++) {
                String planId = prefix + "-" + i;
                long sent = System.nanoTime();
                submit(kafka, topics, planId, null);
                await().atMost(PlannerFixtures.generous())
                        .pollInterval(Duration.ofMillis(5))
                        .until(() ->
                                reader.poll().stream().anyMatch(r -> r.key().equals(planId)));
                millis.add((System.nanoTime() - sent) / 1_000_000);
            }
        }
        return millis;
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private PlanResult awaitResult(KafkaCluster kafka, String topic, String planId) {
        try (TopicReader reader = new TopicReader(kafka, topic)) {
            return await().atMost(PlannerFixtures.generous())
                    .until(
                            () -> reader.poll().stream()
                                    .filter(r -> r.key().equals(planId))
                                    .map(r -> wire.readPlanResult(r.value()))
                                    .findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
        }
    }

    private PlanEvent awaitEvent(KafkaCluster kafka, Topics topics, String planId, PlanEventType type) {
        try (TopicReader reader = new TopicReader(kafka, topics.events())) {
            return await().atMost(PlannerFixtures.generous())
                    .until(
                            () -> reader.poll().stream()
                                    .filter(r -> r.key().equals(planId))
                                    .map(ConsumerRecord::value)
                                    .map(wire::readPlanEvent)
                                    .filter(e -> e.type() == type)
                                    .findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
        }
    }
}
