package io.planexec.bench.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.planexec.bench.harness.engine.Run;
import io.planexec.model.Dialect;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStats;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassesTest {

    private static StepOutcome step(long ready, long started, long finished) {
        return new StepOutcome(
                StepStatus.SUCCEEDED,
                1,
                Instant.ofEpochMilli(ready),
                Instant.ofEpochMilli(started),
                Instant.ofEpochMilli(finished),
                "x",
                "ok",
                null);
    }

    @Test
    void shouldSplitAChainsTimeIntoItsPasses() {
        // Given a two-step chain: submitted at 1000, accepted at 1002, a runs 1010-1011, b released at 1020 and runs
        // 1030-1030, the planner ends the plan at 1041 (makespan 39) and the client gets it at 1050
        Map<String, StepOutcome> steps = new LinkedHashMap<>();
        steps.put("a", step(1_002, 1_010, 1_011));
        steps.put("b", step(1_020, 1_030, 1_030));
        PlanResult result = new PlanResult(
                "p", PlanStatus.SUCCEEDED, Dialect.STEPS, List.of(), steps, new PlanStats(39, 1, 1), List.of());
        Run run = new Run(null, 0, 50_000_000, 1_000, 1_050, PlanStatus.SUCCEEDED, result);

        // When its passes are taken
        Passes passes = new Passes();
        passes.add(run);
        Figures f = passes.figures();

        // Then each gap lands in its pass (HdrHistogram reports a bucket's highest value: 3 significant digits)
        assertThat(f.number("submit_to_accept_ms_p50")).isCloseTo(2.0, within(0.05));
        assertThat(f.number("release_to_start_ms_p50")).isCloseTo(8.0, within(0.05));
        assertThat(f.number("release_to_start_ms_p99")).isCloseTo(10.0, within(0.05));
        // a's end to b's release (9 ms), and b's end to the plan's end (11 ms)
        assertThat(f.number("end_to_planner_ms_p50")).isCloseTo(9.0, within(0.05));
        assertThat(f.number("end_to_planner_ms_p99")).isCloseTo(11.0, within(0.05));
        assertThat(f.number("planner_end_to_client_ms_p50")).isCloseTo(9.0, within(0.05));
        assertThat(passes.plannerMakespans().p50Ms()).isCloseTo(39.0, within(0.05));
    }

    @Test
    void shouldIgnoreRunsWithoutAPlanResult() {
        Passes passes = new Passes();
        passes.add(new Run(null, 0, 1, 0, 0, PlanStatus.SUCCEEDED, null));

        assertThat(passes.figures().number("submit_to_accept_ms_p50")).isNaN();
    }
}
