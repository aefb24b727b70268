package io.planexec.executor;

import static io.planexec.executor.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolContext;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A deployment-wide cap: a tool on a task queue whose topic has one partition is run by one executor of the group at a
 * time, so its per-process {@code concurrency_cap} holds across all executors, also while the queue moves from an
 * executor that stops to another (docs/operations.md, "A cap for the whole deployment").
 */
@ExtendWith(KafkaClusterExtension.class)
class GlobalCapIT {

    private static final String QUEUE = "quota";
    private static final String TOOL = "quota_api";
    private static final String RATED = "rated_api";
    private static final int CAP = 2;
    private static final int CALLS = 60;

    @Test
    void shouldHoldACapForTheWholeDeploymentOnAQueueOfOnePartition(KafkaCluster kafka) {
        // Given the queue's topic with one partition, and three executors serving a tool capped at 2 calls on it
        String prefix = kafka.uniquePrefix("globalcap");
        Topics topics = new Topics(prefix);
        kafka.createTopics(1, topics.steps(QUEUE));
        Ledger ledger = new Ledger();
        List<ExecutorNode> executors = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            for (String instance : List.of("a", "b", "c")) {
                executors.add(start(
                        kafka,
                        prefix,
                        instance,
                        onTheQueue(TOOL).concurrencyCap(CAP).idempotent(false).build(),
                        ledger,
                        call -> () -> {
                            Thread.sleep(40);
                            return "ok";
                        }));
            }
            await().atMost(Tasks.atMost()).until(() -> owner(executors).isPresent());

            // When calls arrive, and the executor running them stops halfway (the queue moves to another)
            List<StepTask> tasks = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                tasks.add(task("plan-" + i, "s1", TOOL, Map.of("n", i), i % 2 == 0));
            }
            publish(producer, topics, tasks);
            await().atMost(Tasks.atMost()).until(() -> ledger.calls().size() >= CALLS / 3);
            ExecutorNode first = owner(executors).orElseThrow();
            first.close();
            executors.remove(first);

            // Then every call ran once and succeeded
            awaitEverySucceeded(kafka, topics, CALLS);
        } finally {
            for (ExecutorNode executor : executors) {
                executor.close();
            }
        }
        assertThat(ledger.calls()).hasSize(CALLS);

        // And never more than 2 calls ran at once in the whole deployment, though 2 did, in more than one executor
        assertThat(ledger.maxConcurrent(TOOL)).isEqualTo(CAP);
        assertThat(Set.copyOf(ledger.calls().stream().map(Ledger.Call::executor).toList()))
                .hasSize(2);
    }

    @Test
    void shouldHoldARateLimitForTheWholeDeploymentOnAQueueOfOnePartition(KafkaCluster kafka) {
        // Given the queue's topic with one partition, and two executors serving a tool limited to 4 calls per 500 ms,
        // whose first attempt fails for every third call (idempotent: retried, and the retries count too)
        String prefix = kafka.uniquePrefix("globalrate");
        Topics topics = new Topics(prefix);
        kafka.createTopics(1, topics.steps(QUEUE));
        Ledger ledger = new Ledger();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        List<ExecutorNode> executors = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            for (String instance : List.of("a", "b")) {
                executors.add(start(
                        kafka,
                        prefix,
                        instance,
                        onTheQueue(RATED).rateLimit(4, 500).idempotent(true).build(),
                        ledger,
                        call -> () -> {
                            if (Integer.parseInt(call.planId().substring("plan-".length())) % 3 == 0
                                    && refused.add(call.planId())) {
                                throw new IllegalStateException("the API refused this one; try again");
                            }
                            return "ok";
                        }));
            }
            await().atMost(Tasks.atMost()).until(() -> owner(executors).isPresent());

            // When 16 calls arrive at once
            List<StepTask> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tasks.add(Tasks.withRetries(task("plan-" + i, "s1", RATED, Map.of("n", i), true), 3, 10_000));
            }
            publish(producer, topics, tasks);

            // Then every call succeeds
            awaitEverySucceeded(kafka, topics, 16);
        } finally {
            for (ExecutorNode executor : executors) {
                executor.close();
            }
        }

        // And no 500 ms saw more than 4 attempts begin, though some saw 4: the limit paced them (1 ms is left for the
        // moment between the executor counting a start and the tool seeing it)
        List<Long> starts =
                ledger.calls().stream().map(Ledger.Call::start).sorted().toList();
        assertThat(starts).hasSize(16 + 6);
        int most = 0;
        for (int i = 0; i < starts.size(); i++) {
            int inWindow = 0;
            for (int j = i; j < starts.size() && starts.get(j) - starts.get(i) < 499_000_000L; j++) {
                inWindow++;
            }
            most = Math.max(most, inWindow);
        }
        assertThat(most).isEqualTo(4);
        assertThat(starts.get(starts.size() - 1) - starts.get(0))
                .as("the span of the starts: a window for every 4 attempts after the first 4")
                .isGreaterThanOrEqualTo((starts.size() - 1) / 4 * 499_000_000L);
    }

    /** Waits until each of the {@code count} steps has its result, and checks that every one succeeded. */
    private static void awaitEverySucceeded(KafkaCluster kafka, Topics topics, int count) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(Tasks.finished(kafka, topics)).hasSize(count));
        assertThat(Tasks.finished(kafka, topics).values())
                .extracting(StepResult::status)
                .containsOnly(StepStatus.SUCCEEDED);
    }

    private static Optional<ExecutorNode> owner(List<ExecutorNode> executors) {
        return executors.stream().filter(e -> !e.assignment(QUEUE).isEmpty()).findFirst();
    }

    private static void publish(KafkaProducer<String, byte[]> producer, Topics topics, List<StepTask> tasks) {
        for (StepTask t : tasks) {
            producer.send(new ProducerRecord<>(topics.steps(QUEUE), t.routingKey(), Tasks.WIRE.writeStepTask(t)));
        }
        producer.flush();
    }

    /** A tool on the queue of one partition, touching nothing. */
    private static ToolSpec.Builder onTheQueue(String tool) {
        return ToolSpec.builder(tool)
                .touchesNothing()
                .latencyClass(LatencyClass.FAST)
                .queue(QUEUE);
    }

    /** An executor serving the tool, each call of which runs the body made for it, recorded in the ledger. */
    private static ExecutorNode start(
            KafkaCluster kafka,
            String prefix,
            String instance,
            ToolSpec spec,
            Ledger ledger,
            Function<ToolContext, Ledger.CheckedSupplier<Object>> body) {
        Toolbox toolbox = new Toolbox()
                .register(Tool.sync(
                        spec,
                        (args, ctx) -> ledger.record(
                                instance,
                                spec.name(),
                                ctx.planId() + "/" + ctx.stepId(),
                                ctx.planId(),
                                ctx.stepId(),
                                body.apply(ctx))));
        return ExecutorNode.builder(new ExecutorConfig(Tasks.settings(kafka, prefix, instance)))
                .toolbox(toolbox)
                .start();
    }
}
