package io.planexec.executor;

import static io.planexec.executor.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.executor.tool.NonRetryableException;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolFunction;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.Attempt;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class ExecutorNodeIT {

    /** Tools for these tests. */
    public static final class DemoTools {
        final AtomicInteger flakyCalls = new AtomicInteger();
        final CountDownLatch slowStarted = new CountDownLatch(1);

        @ToolFunction(
                description = "Adds two numbers",
                reads = {},
                writes = {},
                idempotent = true,
                latencyClass = LatencyClass.FAST)
        public int add(int a, int b) {
            return a + b;
        }

        @ToolFunction(description = "Sends an email", writes = "mail:{to}", latencyClass = LatencyClass.FAST)
        public String send(String to, String body) {
            return "sent to " + to;
        }

        @ToolFunction(description = "Fails twice, then works", idempotent = true, latencyClass = LatencyClass.FAST)
        public String flaky() {
            if (flakyCalls.incrementAndGet() <= 2) {
                throw new IllegalStateException("service unavailable, try again");
            }
            return "finally";
        }

        @ToolFunction(description = "Refuses", idempotent = true, latencyClass = LatencyClass.FAST)
        public String refuse() {
            throw new NonRetryableException("user 'bob' does not exist; list users first");
        }

        @ToolFunction(description = "Takes its time", idempotent = true, latencyClass = LatencyClass.FAST)
        public String sleep(long ms) throws InterruptedException {
            slowStarted.countDown();
            Thread.sleep(ms);
            return "slept " + ms;
        }

        @ToolFunction(description = "Takes its time, once", latencyClass = LatencyClass.FAST)
        public String sleepOnce(long ms) throws InterruptedException {
            slowStarted.countDown();
            Thread.sleep(ms);
            return "slept " + ms;
        }

        @ToolFunction(
                description = "Returns a lot",
                reads = {},
                writes = {},
                latencyClass = LatencyClass.FAST)
        public String big(int chars) {
            return "x".repeat(chars);
        }

        @ToolFunction(description = "A medium tool", latencyClass = LatencyClass.MEDIUM)
        public String medium() {
            return "medium";
        }
    }

    @Test
    void shouldRunTasksAndPublishTheirResults(KafkaCluster kafka) {
        // Given an executor serving the demo tools
        Fixture f = new Fixture(kafka, Map.of());
        try (ExecutorNode node = f.start();
                KafkaProducer<String, byte[]> producer = kafka.producer()) {

            // When an idempotent and a non-idempotent task arrive
            Tasks.publish(
                    producer,
                    f.topics,
                    List.of(
                            task("p1", "sum", "add", Map.of("a", 2, "b", 3), true),
                            task("p1", "mail", "send", Map.of("to", "ann", "body", "hi"), false)));

            // Then both succeed with the tools' outputs, and only the non-idempotent one sent a STARTED notice first
            Map<String, StepResult> finished = f.awaitFinished("p1/sum", "p1/mail");
            assertThat(finished.get("p1/sum").status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(finished.get("p1/sum").output()).isEqualTo(5);
            assertThat(finished.get("p1/sum").executor()).isEqualTo("a");
            assertThat(finished.get("p1/sum").attempts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.status()).isEqualTo(StepStatus.SUCCEEDED));
            assertThat(finished.get("p1/mail").output()).isEqualTo("sent to ann");
            List<StepResult> mail = Tasks.results(kafka, f.topics).stream()
                    .filter(r -> r.stepId().equals("mail"))
                    .toList();
            assertThat(mail)
                    .extracting(StepResult::kind)
                    .containsExactly(StepResult.Kind.STARTED, StepResult.Kind.FINISHED);
        }
    }

    @Test
    void shouldFailTasksItCannotRunWithMessagesAnLlmCanActOn(KafkaCluster kafka) {
        // Given an executor with a small result limit
        Fixture f = new Fixture(kafka, Map.of("executor.result.max.bytes", "2048"));
        try (ExecutorNode node = f.start();
                KafkaProducer<String, byte[]> producer = kafka.producer()) {

            // When tasks name an unknown tool, give a bad argument, arrive after their deadline or their start-by
            // time, or return too much
            Tasks.publish(
                    producer,
                    f.topics,
                    List.of(
                            task("p2", "unknown", "get_weather", Map.of(), true),
                            task("p2", "bad", "send", Map.of("to", 7, "body", "hi"), false),
                            Tasks.withDeadline(
                                    task("p2", "late", "add", Map.of("a", 1, "b", 1), true),
                                    Instant.now().minusSeconds(1)),
                            task("p2", "unserved", "send", Map.of("to", "ann", "body", "hi"), false)
                                    .withStartBy(Instant.now().minusSeconds(1)),
                            task("p2", "big", "big", Map.of("chars", 5000), false)));

            // Then each fails with a message that says what to do, and no call was made for the first four
            Map<String, StepResult> finished =
                    f.awaitFinished("p2/unknown", "p2/bad", "p2/late", "p2/unserved", "p2/big");
            assertThat(finished.get("p2/unknown").status()).isEqualTo(StepStatus.FAILED);
            assertThat(finished.get("p2/unknown").error())
                    .isEqualTo("tool 'get_weather' is not served by executor 'a', which consumes queue 'fast' for the"
                            + " tools add, big, flaky, refuse, send, sleep, sleepOnce. Executors with different tools"
                            + " must consume different queues: start the executor of 'get_weather' with --queue NAME"
                            + " (executor.queue), so its tools' steps go to a topic of their own");
            assertThat(finished.get("p2/bad").error()).isEqualTo("tool 'send': argument 'to' must be a string, got 7");
            assertThat(finished.get("p2/late").status()).isEqualTo(StepStatus.TIMED_OUT);
            assertThat(finished.get("p2/late").error()).contains("deadline", "passed before tool 'add' could start");
            assertThat(finished.get("p2/unserved").status()).isEqualTo(StepStatus.FAILED);
            assertThat(finished.get("p2/unserved").error())
                    .contains("while no executor serving tool 'send' was running, and none started it by")
                    .endsWith("(planner.unserved.timeout.ms); it was not called");
            assertThat(finished.values())
                    .filteredOn(r -> !r.stepId().equals("big"))
                    .allSatisfy(r -> assertThat(r.attempts()).isEmpty());
            assertThat(finished.get("p2/big").status()).isEqualTo(StepStatus.FAILED);
            assertThat(finished.get("p2/big").error())
                    .contains("tool 'big' returned a result of", "executor.result.max.bytes");
            assertThat(Tasks.results(kafka, f.topics))
                    .filteredOn(r -> r.kind() == StepResult.Kind.STARTED)
                    .extracting(StepResult::stepId)
                    .containsExactly("big");
        }
    }

    @Test
    void shouldRetryIdempotentToolsAndTimeOutSlowCalls(KafkaCluster kafka) {
        Fixture f = new Fixture(kafka, Map.of());
        try (ExecutorNode node = f.start();
                KafkaProducer<String, byte[]> producer = kafka.producer()) {

            // When a flaky tool, a refusing tool and a slow tool are called with retries allowed
            Tasks.publish(
                    producer,
                    f.topics,
                    List.of(
                            Tasks.withRetries(task("p3", "flaky", "flaky", Map.of(), true), 3, 5_000),
                            Tasks.withRetries(task("p3", "refuse", "refuse", Map.of(), true), 3, 5_000),
                            Tasks.withRetries(task("p3", "slow", "sleep", Map.of("ms", 10_000), true), 1, 200)));

            // Then the flaky one succeeds on its third attempt, the refusal is not retried, the slow one times out
            // twice
            Map<String, StepResult> finished = f.awaitFinished("p3/flaky", "p3/refuse", "p3/slow");
            assertThat(finished.get("p3/flaky").status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(finished.get("p3/flaky").attempts())
                    .extracting(Attempt::number, Attempt::status, Attempt::error)
                    .containsExactly(
                            tuple(1, StepStatus.FAILED, "service unavailable, try again"),
                            tuple(2, StepStatus.FAILED, "service unavailable, try again"),
                            tuple(3, StepStatus.SUCCEEDED, null));
            assertThat(finished.get("p3/refuse").status()).isEqualTo(StepStatus.FAILED);
            assertThat(finished.get("p3/refuse").error())
                    .isEqualTo("tool 'refuse' failed: user 'bob' does not exist; list users first");
            assertThat(finished.get("p3/refuse").attempts()).hasSize(1);
            assertThat(finished.get("p3/slow").status()).isEqualTo(StepStatus.TIMED_OUT);
            assertThat(finished.get("p3/slow").error()).isEqualTo("tool 'sleep' timed out after 200 ms (2 attempts)");
            assertThat(finished.get("p3/slow").attempts())
                    .extracting(Attempt::status)
                    .containsExactly(StepStatus.TIMED_OUT, StepStatus.TIMED_OUT);
        }
    }

    @Test
    void shouldSendUnreadableTasksToTheDeadLetterTopicAndCarryOn(KafkaCluster kafka) {
        Fixture f = new Fixture(kafka, Map.of());
        try (ExecutorNode node = f.start();
                KafkaProducer<String, byte[]> producer = kafka.producer()) {

            // When a broken task arrives before a good one on the same partition
            byte[] garbage = "{\"plan_id\": \"p4\", oops".getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(f.topics.steps(LatencyClass.FAST), 0, "k", garbage));
            Tasks.publish(producer, f.topics, 0, task("p4", "sum", "add", Map.of("a", 1, "b", 2), true));

            // Then the good one runs, and the broken one is in the dead-letter topic, unchanged, with headers
            f.awaitFinished("p4/sum");
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(f.topics.deadLetters());
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(r.value()).isEqualTo(garbage);
                assertThat(r.key()).isEqualTo("k");
                assertThat(header(r, "planexec.error"))
                        .startsWith("unreadable step task: ")
                        .contains("line 1, column 19");
                assertThat(header(r, "planexec.source.topic")).isEqualTo(f.topics.steps(LatencyClass.FAST));
                assertThat(header(r, "planexec.source.partition")).isEqualTo("0");
                assertThat(header(r, "planexec.source.offset")).isEqualTo("0");
                assertThat(r.headers().lastHeader("planexec.error.path")).isNotNull();
            });
        }
    }

    @Test
    void shouldPublishTheSpecsOfServedToolsAndTombstonesForRemovedOnes(KafkaCluster kafka) {
        // Given an executor serving the fast class only
        Fixture f = new Fixture(kafka, Map.of());
        try (ExecutorNode node = f.start()) {
            // Then the fast tools' specs are published, not the medium one
            assertThat(specs(kafka, f.topics))
                    .containsKeys("add", "send", "sleep")
                    .doesNotContainKey("medium");
            assertThat(Tasks.WIRE
                            .readToolSpec(specs(kafka, f.topics).get("send"))
                            .writes())
                    .containsExactly("mail:{to}");

            // When a tool is registered at run time and another removed
            f.toolbox.register(Tool.sync(
                    ToolSpec.builder("echo").latencyClass(LatencyClass.FAST).build(), (args, ctx) -> args));
            f.toolbox.remove("add");

            // Then the new spec and a tombstone are published
            await().atMost(Tasks.atMost()).untilAsserted(() -> {
                Map<String, byte[]> specs = specs(kafka, f.topics);
                assertThat(specs).containsKey("echo").containsEntry("add", null);
            });
            assertThat(Tasks.WIRE
                            .readToolSpec(specs(kafka, f.topics).get("echo"))
                            .hasResourceInfo())
                    .isFalse();
        }
    }

    @Test
    void shouldLetARunningCallFinishAndPublishItsResultOnShutdown(KafkaCluster kafka) throws Exception {
        Fixture f = new Fixture(kafka, Map.of("executor.shutdown.grace.ms", "10000"));
        ExecutorNode node = f.start();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            // Given a call in progress
            Tasks.publish(producer, f.topics, List.of(task("p5", "slow", "sleep", Map.of("ms", 1_000), true)));
            f.tools.slowStarted.await();

            // When the executor shuts down
            node.close();

            // Then the call finished and its result was published before the executor left
            assertThat(Tasks.finished(kafka, f.topics).get("p5/slow").status()).isEqualTo(StepStatus.SUCCEEDED);
        } finally {
            node.close();
        }
    }

    @Test
    void shouldCancelANonIdempotentCallWhenTheShutdownGraceExpires(KafkaCluster kafka) throws Exception {
        Fixture f = new Fixture(kafka, Map.of("executor.shutdown.grace.ms", "200"));
        ExecutorNode node = f.start();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            // Given a long non-idempotent call in progress
            Tasks.publish(producer, f.topics, List.of(task("p6", "slow", "sleepOnce", Map.of("ms", 30_000), false)));
            f.tools.slowStarted.await();

            // When the executor shuts down with a short grace
            node.close();

            // Then the call was cancelled and reported CANCELLED, saying why
            StepResult result = Tasks.finished(kafka, f.topics).get("p6/slow");
            assertThat(result.status()).isEqualTo(StepStatus.CANCELLED);
            assertThat(result.error()).contains("shut down", "200 ms", "may or may not have taken effect");
        } finally {
            node.close();
        }
    }

    @Test
    void shouldPauseFetchingWhileTheBufferIsFullAndNeverExceedTheCap(KafkaCluster kafka) {
        // Given an executor that buffers at most 4 tasks and a tool capped at one call at a time
        Fixture f = new Fixture(kafka, Map.of("executor.max.buffered", "4"));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        f.toolbox.register(Tool.sync(
                ToolSpec.builder("one_at_a_time")
                        .touchesNothing()
                        .concurrencyCap(1)
                        .idempotent(true)
                        .latencyClass(LatencyClass.FAST)
                        .build(),
                (args, ctx) -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(20);
                    running.decrementAndGet();
                    return "ok";
                }));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ExecutorNode node = ExecutorNode.builder(new ExecutorConfig(f.settings))
                        .toolbox(f.toolbox)
                        .meterRegistry(registry)
                        .start();
                KafkaProducer<String, byte[]> producer = kafka.producer()) {
            await().atMost(Tasks.atMost())
                    .until(() -> !node.assignment(LatencyClass.FAST).isEmpty());

            // When 40 independent tasks arrive at once
            List<StepTask> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                tasks.add(task("p7", "s" + i, "one_at_a_time", Map.of(), true));
            }
            Tasks.publish(producer, f.topics, tasks);

            // Then fetching pauses while the tasks wait, and resumes until all are done, one call at a time
            await().atMost(Tasks.atMost())
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> registry.get("planexec.executor.partitions.paused")
                                    .gauge()
                                    .value()
                            > 0);
            await().atMost(Tasks.atMost())
                    .untilAsserted(
                            () -> assertThat(Tasks.finished(kafka, f.topics)).hasSize(40));
            assertThat(most).hasValue(1);
            assertThat(registry.get("planexec.executor.partitions.paused")
                            .gauge()
                            .value())
                    .isZero();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The latest value per key of the tools topic ({@code null} for a tombstone). */
    private static Map<String, byte[]> specs(KafkaCluster kafka, Topics topics) {
        Map<String, byte[]> latest = new HashMap<>();
        kafka.readAll(topics.tools()).forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }

    /** One test's executor: its own prefix, the demo tools, instance id "a". */
    private static final class Fixture {
        final KafkaCluster kafka;
        final Topics topics;
        final DemoTools tools = new DemoTools();
        final Toolbox toolbox = new Toolbox().registerMethods(tools);
        final Map<String, String> settings;

        Fixture(KafkaCluster kafka, Map<String, String> extra) {
            this.kafka = kafka;
            String prefix = kafka.uniquePrefix("exec");
            this.topics = new Topics(prefix);
            this.settings = Tasks.settings(kafka, prefix, "a");
            settings.putAll(extra);
        }

        ExecutorNode start() {
            return ExecutorNode.builder(new ExecutorConfig(settings))
                    .toolbox(toolbox)
                    .start();
        }

        Map<String, StepResult> awaitFinished(String... keys) {
            await().atMost(Tasks.atMost())
                    .untilAsserted(
                            () -> assertThat(Tasks.finished(kafka, topics)).containsKeys(keys));
            return Tasks.finished(kafka, topics);
        }
    }
}
