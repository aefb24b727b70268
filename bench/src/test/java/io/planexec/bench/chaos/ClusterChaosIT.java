package io.planexec.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.kafka.process.KafkaProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite on a three-broker cluster of processes: two planners and three executors, each a process, while
 * executors are killed every 5 to 10 s, planners are killed (one of two, then both), the busiest broker and the active
 * controller are killed, a broker stays down, an executor is frozen past its session timeout, and (as root, where each
 * node runs on a host of its own) the busiest broker is cut off the network. Every promise of {@link ChaosChecks} must
 * hold. {@code -Dchaos.netns=false} keeps the nodes on loopback.
 *
 * <p>CI size: two minutes of load. Soak size on demand: {@code -Dchaos.minutes=30} (a fault cycle every five
 * minutes, with a 70 s broker outage in each); docs/reliability.md has the figures of both.
 */
class ClusterChaosIT {

    /** Kept when the test fails: the logs of every process, the ledger, the cluster's data. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void shouldKeepEveryPromiseWhileProcessesAreKilledAndFrozen() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("chaos.minutes", "2"));
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        ChaosRun.Settings settings = new ChaosRun.Settings(
                Duration.ofSeconds(Math.round(minutes * 60)), 1.5, 3, 2, seed, Duration.ofSeconds(70), Map.of());
        System.out.printf("cluster chaos: %.1f minutes, seed %d (-Dchaos.seed=%d repeats it)%n", minutes, seed, seed);

        ChaosRun.Report report;
        Map<String, String> minInSync;
        String prefix;
        boolean netns = ChaosRun.networkNamespaces(Boolean.parseBoolean(System.getProperty("chaos.netns", "true")));
        try (KafkaProcessCluster cluster = KafkaProcessCluster.builder()
                .directory(dir.resolve("kafka"))
                .networkNamespaces(netns)
                .start()) {
            ChaosRun run = new ChaosRun(cluster, settings, dir, System.out);
            report = run.run();
            prefix = run.topicPrefix();
            minInSync = minInSyncReplicas(cluster, prefix);
        }

        // every topic of the run, the planners' own included, was created with min.insync.replicas 2
        assertThat(minInSync).containsKey(prefix + "-planner-plan-state-changelog");
        assertThat(minInSync)
                .allSatisfy((topic, value) -> assertThat(value).as(topic).isEqualTo("2"));

        assertThat(report.faults())
                .containsKeys("executor-kill", "planner-kill", "broker-kill", "controller-kill", "executor-freeze");
        if (netns) {
            assertThat(report.faults()).containsKey("broker-cut-off");
        }
        var f = report.findings();
        assertThat(f.lost()).as("plans without a result").isEmpty();
        assertThat(f.answeredTwice()).as("plans answered twice").isEmpty();
        assertThat(f.nonIdempotentTwice())
                .as("non-idempotent steps called twice")
                .isEmpty();
        assertThat(f.idempotentNotSucceeded())
                .as("idempotent steps that did not succeed")
                .isEmpty();
        assertThat(f.unexplained()).as("UNKNOWN steps no fault explains").isEmpty();
        assertThat(f.overlaps()).as("overlapping calls on one resource").isEmpty();
        assertThat(f.outOfOrder()).as("steps of a plan out of order").isEmpty();
    }

    /** Each topic of this prefix with its own min.insync.replicas ({@code none} when it takes the broker's). */
    private static Map<String, String> minInSyncReplicas(KafkaProcessCluster cluster, String prefix) throws Exception {
        try (Admin admin = cluster.admin()) {
            List<ConfigResource> resources = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix))
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                    .toList();
            Map<String, String> values = new TreeMap<>();
            admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).forEach((resource, config) -> {
                ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                values.put(
                        resource.name(),
                        entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG ? entry.value() : "none");
            });
            return values;
        }
    }
}
