package io.planexec.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.kafka.process.KafkaProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaling events of {@link ScaleOutRun} at CI size on the three-broker cluster of processes: under a steady load,
 * an executor process joins and leaves (SIGTERM), then a planner process joins and leaves, and every plan still
 * succeeds. The latency figures of the full run are in docs/benchmarks.md ("Scale-out"); this test checks the
 * harness and that nothing is lost, not speed.
 */
class ScaleOutIT {

    @TempDir
    Path dir;

    @Test
    void shouldLoseNothingWhileExecutorsAndPlannersJoinAndLeave() throws Exception {
        ScaleOutRun.Events run;
        try (KafkaProcessCluster cluster =
                KafkaProcessCluster.builder().directory(dir.resolve("kafka")).start()) {
            run = new ScaleOutRun(cluster, dir, System.out)
                    .events("classic", 4, Duration.ofSeconds(10), Duration.ofSeconds(12));
        }

        assertThat(run.events())
                .extracting(ScaleOutRun.Event::what)
                .containsExactly(
                        "executor-3 joins",
                        "executor-3 leaves (SIGTERM)",
                        "planner-3 joins",
                        "planner-3 leaves (SIGTERM)");
        assertThat(run.plans()).as("plans that ended").isGreaterThan(40);
        assertThat(run.notSucceeded()).as("plans that did not succeed").isZero();
        // a planner that leaves hands its partitions over at once (a static member that did not leave the group kept
        // them, idle, for the 45 s session timeout)
        assertThat(run.longestGapMs())
                .as("longest time without a plan finishing")
                .isLessThan(20_000);
    }
}
