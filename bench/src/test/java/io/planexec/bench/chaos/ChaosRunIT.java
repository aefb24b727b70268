package io.planexec.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short chaos run in every build: 150 plans over 60 s while two executor processes are killed every 10 to 20 s and
 * the planner three times, once for longer than a tool's timeout plus the grace (so that calls finishing meanwhile
 * test the timer checks). Every promise must hold; docs/benchmarks.md has the full-size run.
 */
@ExtendWith(KafkaClusterExtension.class)
class ChaosRunIT {

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryPromiseWhileProcessesAreKilled(KafkaCluster kafka) throws Exception {
        ChaosRun.Settings settings = new ChaosRun.Settings(
                150,
                Duration.ofSeconds(60),
                2,
                System.nanoTime(),
                Duration.ofSeconds(15),
                Map.of("planner.unknown.grace.ms", "2000"));

        ChaosRun.Report report = new ChaosRun(kafka.bootstrapServers(), settings, dir, System.out).run();

        assertThat(report.executorKills()).isGreaterThanOrEqualTo(2);
        assertThat(report.plannerKills()).isEqualTo(3);
        assertThat(report.lost()).as("plans without a result").isZero();
        assertThat(report.answeredTwice()).as("plans answered twice").isZero();
        assertThat(report.nonIdempotentTwice())
                .as("non-idempotent calls made twice")
                .isEmpty();
        assertThat(report.unexplained())
                .as("UNKNOWN steps no executor death explains")
                .isEmpty();
    }
}
