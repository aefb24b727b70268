package io.planexec.planner.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

/** What the planner tells about its state stores catching up, and its readiness before it runs. */
class StateRestorationTest {

    private static final TopicPartition P0 = new TopicPartition("app-plan-state-changelog", 0);
    private static final TopicPartition P1 = new TopicPartition("app-plan-state-changelog", 1);

    private final AtomicLong clock = new AtomicLong(1_000);
    private final StateRestoration restoration = new StateRestoration(5_000, clock::get);

    @Test
    void shouldSayWhatIsBeingRestoredUntilEveryPartitionIsDone() {
        // Given two changelog partitions being restored
        restoration.onRestoreStart(P0, "plan-state", 0, 1_000);
        restoration.onRestoreStart(P1, "plan-state", 500, 3_500);
        restoration.onBatchRestored(P0, "plan-state", 400, 400);
        restoration.onBatchRestored(P1, "plan-state", 1_500, 1_000);

        // Then the summary counts both, in records
        assertThat(restoration.summary().describe())
                .isEqualTo("restoring 2 changelog partitions: 1400 of 4000 records (35%)");

        // When one is done, only the other is left; when both are, nothing is restoring
        restoration.onRestoreEnd(P0, "plan-state", 1_000);
        assertThat(restoration.summary().describe())
                .isEqualTo("restoring 1 changelog partition: 1000 of 3000 records (33%)");
        restoration.onRestoreSuspended(P1, "plan-state", 1_000);
        assertThat(restoration.summary().restoring()).isFalse();
        assertThat(restoration.totalRestored()).isEqualTo(2_000);
    }

    @Test
    void shouldSayWhyAPlannerThatHasNotStartedIsNotReady() {
        PlannerService planner = new PlannerService(
                new PlannerConfig(Map.of("bootstrap.servers", "127.0.0.1:1")), new SimpleMeterRegistry(), Time.SYSTEM);

        assertThat(planner.readiness()).isEqualTo(new PlannerService.Readiness(false, "the planner has not started"));
        planner.close();
        assertThat(planner.readiness()).isEqualTo(new PlannerService.Readiness(false, "the planner is closed"));
        assertThat(planner.isReady()).isFalse();
    }
}
