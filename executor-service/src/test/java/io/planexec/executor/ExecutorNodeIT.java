package io.planexec.executor;

import static io.planexec.executor.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.executor.tool.ToolFunction;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class ExecutorNodeIT {

    /** Tools for these tests. */
    public static final class DemoTools {
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
    }

    @Test
    void shouldRunTasksAndPublishTheirResults(KafkaCluster kafka) {
        // Given an executor serving the demo tools
        String prefix = kafka.uniquePrefix("exec");
        Topics topics = new Topics(prefix);
        Toolbox toolbox = new Toolbox().registerMethods(new DemoTools());
        try (ExecutorNode node = ExecutorNode.builder(new ExecutorConfig(Tasks.settings(kafka, prefix, "a")))
                        .toolbox(toolbox)
                        .start();
                KafkaProducer<String, byte[]> producer = kafka.producer()) {

            // When an idempotent and a non-idempotent task arrive
            Tasks.publish(
                    producer,
                    topics,
                    List.of(
                            task("p1", "sum", "add", Map.of("a", 2, "b", 3), true),
                            task("p1", "mail", "send", Map.of("to", "ann", "body", "hi"), false)));

            // Then both finish, the non-idempotent one after a STARTED notice
            await().atMost(Tasks.atMost())
                    .untilAsserted(
                            () -> assertThat(Tasks.finished(kafka, topics)).containsKeys("p1/sum", "p1/mail"));
            Map<String, StepResult> finished = Tasks.finished(kafka, topics);
            assertThat(finished.get("p1/sum").status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(finished.get("p1/sum").output()).isEqualTo(5);
            assertThat(finished.get("p1/mail").output()).isEqualTo("sent to ann");
            List<StepResult> all = Tasks.results(kafka, topics);
            assertThat(all)
                    .filteredOn(r -> r.kind() == StepResult.Kind.STARTED)
                    .extracting(StepResult::stepId)
                    .containsExactly("mail");
        }
    }
}
