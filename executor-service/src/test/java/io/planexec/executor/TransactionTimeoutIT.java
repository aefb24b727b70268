package io.planexec.executor;

import static io.planexec.executor.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.executor.kafka.KafkaClients;
import io.planexec.executor.metrics.ExecutorMeter;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import io.planexec.kafka.process.ClusterNetwork;
import io.planexec.kafka.process.KafkaProcessCluster;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import io.planexec.testing.KafkaCluster;
import io.planexec.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A result transaction held up by a broker cut off the network: its records wait for the request timeout, the
 * transaction outlives {@code executor.transaction.timeout.ms}, and its coordinator aborts it and bumps the epoch,
 * which the producer reports as fenced. The executor must not take that for another process with its id (it stopped,
 * and the result of the call it had made was lost): a new producer sends the result again, and the loop runs on. On a
 * three-broker cluster of processes, each broker on a host of its own; skipped, saying why, where network namespaces
 * cannot be made (not root, no iproute2).
 */
class TransactionTimeoutIT {

    @Test
    void shouldSendAResultAgainWhenItsTransactionTimedOutBehindACutOffBroker() throws Exception {
        Optional<String> why = ClusterNetwork.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElseThrow());
        // (the coordinators look for timed-out transactions every second instead of every 10 s)
        try (KafkaProcessCluster cluster = KafkaProcessCluster.builder()
                .controllers(1)
                .networkNamespaces(true)
                .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .start()) {
            // Given an executor whose transactions time out after 5 s, sooner than its produce requests (12 s), with
            // one partition per topic, running a call that waits for the test
            KafkaCluster kafka = KafkaCluster.of(cluster.bootstrapServers(), "processes");
            String prefix = kafka.uniquePrefix("txn-timeout");
            Topics topics = new Topics(prefix);
            Map<String, String> settings = Tasks.settings(kafka, prefix, "exec-1");
            settings.put("topic.partitions", "1");
            settings.put("topic.replication.factor", "3");
            settings.put("topic.min.insync.replicas", "2");
            settings.put(ExecutorConfig.TRANSACTION_TIMEOUT_MS, "5000");
            settings.put("producer.request.timeout.ms", "12000");
            CountDownLatch called = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ToolSpec spec = ToolSpec.builder("wait")
                    .touchesNothing()
                    .latencyClass(LatencyClass.FAST)
                    .build();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ExecutorNode executor = ExecutorNode.builder(new ExecutorConfig(settings))
                    .meterRegistry(registry)
                    .toolbox(new Toolbox().register(Tool.sync(spec, (args, context) -> {
                        if (Boolean.TRUE.equals(args.get("hold"))) {
                            called.countDown();
                            release.await(2, TimeUnit.MINUTES);
                        }
                        return Map.of("done", true);
                    })))
                    .start();
            try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(executor.assignment("fast")).hasSize(1));

                // and the step results' leader on a broker that is neither the loop's transaction coordinator nor its
                // group's (so the coordinator can abort the transaction, and the consumer keeps its partition), which
                // the loop's producer is connected to: a first result went there
                KafkaProcessCluster.NodeProcess cut = leadElsewhere(
                        cluster,
                        topics.stepResults(),
                        KafkaClients.transactionalId(topics, "exec-1", "fast"),
                        KafkaClients.groupId(topics, "fast"));
                Tasks.publish(producer, topics, List.of(waitFor("plan-0", false)));
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(Tasks.finished(kafka, topics)).containsKey("plan-0/s1"));
                Tasks.publish(producer, topics, List.of(waitFor("plan-1", true)));
                assertThat(called.await(60, TimeUnit.SECONDS)).isTrue();

                // When that broker is cut off the network and the call then returns
                cut.cutOff();
                release.countDown();

                // Then the result is committed once (by a new producer: the first one's transaction timed out)
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(
                                () -> assertThat(Tasks.finished(kafka, topics)).containsKey("plan-1/s1"));
                assertThat(Tasks.finished(kafka, topics).get("plan-1/s1").status())
                        .isEqualTo(StepStatus.SUCCEEDED);
                assertThat(Tasks.results(kafka, topics))
                        .filteredOn(r -> r.kind() == StepResult.Kind.FINISHED
                                && r.planId().equals("plan-1"))
                        .hasSize(1);
                assertThat(registry.get(ExecutorMeter.TRANSACTION_FAILURES.meterName())
                                .counter()
                                .count())
                        .as("transactions that failed")
                        .isGreaterThanOrEqualTo(1.0);

                // And the loop runs on: a later task is run too
                cut.reconnect();
                Tasks.publish(
                        producer,
                        topics,
                        List.of(Tasks.withDeadline(
                                task("plan-2", "s1", "wait", Map.of(), true),
                                Instant.now().plusSeconds(300))));
                await().atMost(Duration.ofMinutes(2))
                        .untilAsserted(
                                () -> assertThat(Tasks.finished(kafka, topics)).containsKey("plan-2/s1"));
                assertThat(executor.failure()).isNotDone();
            } finally {
                release.countDown();
                executor.close();
            }
        }
    }

    private static StepTask waitFor(String planId, boolean hold) {
        return Tasks.withDeadline(
                task(planId, "s1", "wait", Map.of("hold", hold), true),
                Instant.now().plusSeconds(300));
    }

    /**
     * Moves the leadership of the topic's partition 0 to a broker that coordinates neither the transactional id nor
     * the group, returns that broker.
     */
    private static KafkaProcessCluster.NodeProcess leadElsewhere(
            KafkaProcessCluster cluster, String topic, String transactionalId, String group) throws Exception {
        try (Admin admin = cluster.admin()) {
            int transactions = admin.describeTransactions(List.of(transactionalId))
                    .description(transactionalId)
                    .get(30, TimeUnit.SECONDS)
                    .coordinatorId();
            int groups = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(30, TimeUnit.SECONDS)
                    .coordinator()
                    .id();
            TopicPartition tp = new TopicPartition(topic, 0);
            TopicDescription d = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
            List<Integer> replicas =
                    d.partitions().get(0).replicas().stream().map(Node::id).toList();
            int target = replicas.stream()
                    .filter(id -> id != transactions && id != groups)
                    .findFirst()
                    .orElseThrow();
            List<Integer> order = new ArrayList<>(List.of(target));
            replicas.stream().filter(id -> id != target).forEach(order::add);
            admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(order))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                admin.electLeaders(ElectionType.PREFERRED, Set.of(tp))
                        .partitions()
                        .get(30, TimeUnit.SECONDS);
                TopicDescription now = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic);
                assertThat(now.partitions().get(0).leader().id()).isEqualTo(target);
            });
            return cluster.brokerWithId(target);
        }
    }
}
