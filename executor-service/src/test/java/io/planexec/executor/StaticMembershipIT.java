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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Executors joined as static members ({@code executor.static.membership}) with a session of 30 s: one that shuts down
 * leaves its group by default, so the other takes its partitions at once instead of after the session; with {@code
 * executor.leave.group.on.close=false} it keeps them for the restart that is expected within the session.
 */
@ExtendWith(KafkaClusterExtension.class)
class StaticMembershipIT {

    private static final String SESSION_MS = "30000";
    private static final int PARTITIONS = 4;

    @Test
    void shouldHandAStoppedStaticMembersPartitionsOverAtOnce(KafkaCluster kafka) {
        // Given two static members sharing the fast queue's four partitions
        String prefix = kafka.uniquePrefix("static-leave");
        Topics topics = new Topics(prefix);
        ExecutorNode a = start(kafka, prefix, "a", true);
        ExecutorNode b = start(kafka, prefix, "b", true);
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            awaitShared(a, b);

            // When one shuts down
            a.close();

            // Then the other has all four partitions well before the 30 s session would have expired
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(b.assignment("fast")).hasSize(PARTITIONS));

            // And tasks on every partition run
            List<StepTask> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                tasks.add(task("plan-" + i, "s1", "echo", Map.of("n", i), true));
            }
            Tasks.publish(producer, topics, tasks);
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(
                            () -> assertThat(Tasks.finished(kafka, topics)).hasSize(tasks.size()));
            assertThat(Tasks.finished(kafka, topics).values())
                    .extracting(StepResult::status)
                    .containsOnly(StepStatus.SUCCEEDED);
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void shouldKeepAStoppedStaticMembersPartitionsWhenItIsToStayInTheGroup(KafkaCluster kafka) {
        // Given two static members that do not leave their group when they shut down
        String prefix = kafka.uniquePrefix("static-stay");
        ExecutorNode a = start(kafka, prefix, "a", false);
        ExecutorNode b = start(kafka, prefix, "b", false);
        try {
            awaitShared(a, b);

            // When one shuts down
            a.close();

            // Then its partitions wait for it (a restart within the session takes them back without a rebalance)
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(4))
                    .untilAsserted(() -> assertThat(b.assignment("fast")).hasSize(PARTITIONS / 2));
        } finally {
            a.close();
            b.close();
        }
    }

    private static void awaitShared(ExecutorNode a, ExecutorNode b) {
        await().atMost(Tasks.atMost()).untilAsserted(() -> {
            assertThat(a.assignment("fast")).hasSize(PARTITIONS / 2);
            assertThat(b.assignment("fast")).hasSize(PARTITIONS / 2);
        });
    }

    private static ExecutorNode start(KafkaCluster kafka, String prefix, String instance, boolean leave) {
        Map<String, String> settings = Tasks.settings(kafka, prefix, instance);
        settings.put("topic.partitions", Integer.toString(PARTITIONS));
        settings.put(ExecutorConfig.STATIC_MEMBERSHIP, "true");
        settings.put(ExecutorConfig.SESSION_TIMEOUT_MS, SESSION_MS);
        settings.put(ExecutorConfig.LEAVE_GROUP_ON_CLOSE, Boolean.toString(leave));
        ToolSpec echo = ToolSpec.builder("echo")
                .touchesNothing()
                .latencyClass(LatencyClass.FAST)
                .build();
        return ExecutorNode.builder(new ExecutorConfig(settings))
                .toolbox(new Toolbox().register(Tool.sync(echo, (args, context) -> args)))
                .start();
    }
}
