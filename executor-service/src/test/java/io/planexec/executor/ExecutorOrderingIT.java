package io.planexec.executor;

import static io.planexec.executor.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.executor.tool.Tool;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two executors in one group, the second joining mid-run: a ledger of every call proves that calls with the same key
 * never overlap and run in offset order across plans, that caps hold, and that both executors worked.
 */
@ExtendWith(KafkaClusterExtension.class)
class ExecutorOrderingIT {

    private static final List<String> HOT_KEYS = List.of("db:users", "db:orders", "db:stock");
    private static final int PLANS = 160;

    @Test
    void shouldKeepKeyOrderAndCapsWhileTwoExecutorsShareTheLoad(KafkaCluster kafka) {
        // Given executor a alone, with a writer tool keyed by resource and a tool capped at 2 calls
        String prefix = kafka.uniquePrefix("order");
        Topics topics = new Topics(prefix);
        Ledger ledger = new Ledger();
        List<StepTask> firstHalf = new ArrayList<>();
        List<StepTask> secondHalf = new ArrayList<>();
        Map<String, List<String>> sentPerKey = new HashMap<>();
        for (int i = 0; i < PLANS; i++) {
            String plan = "plan-" + i;
            String key = HOT_KEYS.get(i % HOT_KEYS.size());
            StepTask write = Tasks.withKey(task(plan, "write", "write", Map.of("table", key), i % 2 == 0), key);
            StepTask capped = task(plan, "score", "score", Map.of(), true);
            (i < PLANS / 2 ? firstHalf : secondHalf).addAll(List.of(write, capped));
            sentPerKey.computeIfAbsent(key, k -> new ArrayList<>()).add(plan);
        }

        try (ExecutorNode a = start(kafka, prefix, "a", ledger);
                KafkaProducer<String, byte[]> producer = kafka.producer()) {
            await().atMost(Tasks.atMost())
                    .until(() -> a.assignment(LatencyClass.FAST).size() == 4);

            // When half the plans arrive, then executor b joins, then the other half arrives
            Tasks.publish(producer, topics, firstHalf);
            try (ExecutorNode b = start(kafka, prefix, "b", ledger)) {
                await().atMost(Tasks.atMost())
                        .until(() -> !b.assignment(LatencyClass.FAST).isEmpty()
                                && a.assignment(LatencyClass.FAST).size()
                                                + b.assignment(LatencyClass.FAST)
                                                        .size()
                                        == 4);
                Tasks.publish(producer, topics, secondHalf);

                // Then every task finishes once
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(Tasks.finished(kafka, topics)).hasSize(2 * PLANS));
            }
        }
        List<StepResult> finished = Tasks.results(kafka, topics).stream()
                .filter(r -> r.kind() == StepResult.Kind.FINISHED)
                .toList();
        assertThat(finished).hasSize(2 * PLANS).allMatch(r -> r.status() == StepStatus.SUCCEEDED);
        assertThat(ledger.calls()).hasSize(2 * PLANS);

        // And calls of one key never overlapped and followed the offset order
        for (String key : HOT_KEYS) {
            List<Ledger.Call> calls = ledger.byKey().get(key);
            assertThat(calls).extracting(Ledger.Call::planId).containsExactlyElementsOf(sentPerKey.get(key));
            for (int i = 1; i < calls.size(); i++) {
                assertThat(calls.get(i).start())
                        .as("call %s of %s starts after the previous one ended", i, key)
                        .isGreaterThanOrEqualTo(calls.get(i - 1).end());
            }
        }
        // And the cap held in each executor, and both executors ran calls
        assertThat(ledger.maxConcurrent("score", "a")).isBetween(1, 2);
        assertThat(ledger.maxConcurrent("score", "b")).isBetween(1, 2);
        assertThat(ledger.calls()).extracting(Ledger.Call::executor).contains("a", "b");
    }

    private static ExecutorNode start(KafkaCluster kafka, String prefix, String instance, Ledger ledger) {
        Toolbox toolbox = new Toolbox();
        toolbox.register(Tool.sync(
                ToolSpec.builder("write")
                        .writes("{table}")
                        .latencyClass(LatencyClass.FAST)
                        .idempotent(true)
                        .build(),
                (args, ctx) ->
                        ledger.record(instance, "write", (String) args.get("table"), ctx.planId(), ctx.stepId(), () -> {
                            Thread.sleep(3);
                            return "ok";
                        })));
        toolbox.register(Tool.sync(
                ToolSpec.builder("score")
                        .touchesNothing()
                        .concurrencyCap(2)
                        .latencyClass(LatencyClass.FAST)
                        .idempotent(true)
                        .build(),
                (args, ctx) -> ledger.record(
                        instance, "score", ctx.planId() + "/" + ctx.stepId(), ctx.planId(), ctx.stepId(), () -> {
                            Thread.sleep(10);
                            return 1;
                        })));
        return ExecutorNode.builder(new ExecutorConfig(Tasks.settings(kafka, prefix, instance)))
                .toolbox(toolbox)
                .start();
    }
}
