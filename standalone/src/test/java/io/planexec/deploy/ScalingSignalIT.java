package io.planexec.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.standalone.Standalone;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Why the executors scale on planexec's own backlog and not on the consumer group's committed lag (what KEDA's Kafka
 * scaler reads): an executor commits a partition's offset only up to its oldest unfinished task, so while one slow
 * call runs, every task behind it that has long finished still counts as lag. This measures both signals in that
 * state (deploy/k8s/base/scaling.yaml, docs/deploy.md).
 */
@ExtendWith(KafkaClusterExtension.class)
class ScalingSignalIT {

    private static final int FAST_PLANS = 30;

    @Test
    void shouldCountNoBacklogWhereTheCommittedLagCountsEveryTaskBehindASlowCall(KafkaCluster kafka) throws Exception {
        // Given one partition per queue, and a slow call running on the medium queue
        String prefix = kafka.uniquePrefix("signal");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Standalone planexec = Standalone.builder()
                        .bootstrap(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .partitions(1)
                        .meterRegistry(meters)
                        .start();
                PlanexecClient client = PlanexecClient.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .build()) {
            CompletableFuture<PlanResult> slow = client.submit(
                    Requests.steps("slow")
                            .step("s", "sleep", Map.of("ms", 60_000))
                            .build(),
                    Duration.ofMinutes(2));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> meters.get("planexec.executor.tasks.running")
                                    .tag("queue", "medium")
                                    .gauge()
                                    .value()
                            >= 1);

            // When 30 plans of a medium tool run to the end behind it
            List<CompletableFuture<PlanResult>> fast = new ArrayList<>();
            for (int i = 0; i < FAST_PLANS; i++) {
                fast.add(client.submit(
                        Requests.steps("fast-" + i)
                                .step("f", "fetch_users", Map.of())
                                .build(),
                        Duration.ofSeconds(60)));
            }
            for (CompletableFuture<PlanResult> f : fast) {
                assertThat(f.get(90, TimeUnit.SECONDS).status()).isEqualTo(PlanStatus.SUCCEEDED);
            }

            // Then planexec's backlog (not fetched + waiting to start) is zero: nothing waits for an executor
            double backlog = meters.get("planexec.executor.lag")
                            .tag("queue", "medium")
                            .gauge()
                            .value()
                    + meters.get("planexec.executor.tasks.buffered")
                            .tag("queue", "medium")
                            .gauge()
                            .value();
            assertThat(backlog).isZero();
            // while the group's committed lag counts every finished task behind the running one as waiting
            long committedLag = committedLag(kafka, new Topics(prefix), "medium");
            assertThat(committedLag).isGreaterThanOrEqualTo(FAST_PLANS);
            System.out.printf(
                    "scaling_signal slow_calls_running=1 tasks_finished_behind=%d planexec_backlog=%.0f"
                            + " committed_lag=%d%n",
                    FAST_PLANS, backlog, committedLag);
            assertThat(slow).isNotDone();
        }
    }

    private static long committedLag(KafkaCluster kafka, Topics topics, String queue) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            TopicPartition partition = new TopicPartition(topics.steps(queue), 0);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            topics.prefix() + "-executor-" + queue)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get(30, TimeUnit.SECONDS)
                    .offset();
            OffsetAndMetadata offset = committed.get(partition);
            return end - (offset == null ? 0 : offset.offset());
        }
    }
}
