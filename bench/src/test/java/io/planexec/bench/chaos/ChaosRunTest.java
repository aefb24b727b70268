package io.planexec.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule that says whether an executor's death explains a step that ended UNKNOWN. */
class ChaosRunTest {

    private static final String STEP = "p-1/s0";

    private static ChaosRun.Call start(long pid, long at) {
        return new ChaosRun.Call("start", pid, "ex", "chaos_pay", "p-1", "s0", at);
    }

    private static Map<String, ChaosRun.Call> end(long pid, long at) {
        return Map.of(pid + "/" + STEP, new ChaosRun.Call("end", pid, "ex", "chaos_pay", "p-1", "s0", at));
    }

    @Test
    void shouldExplainAStepWhoseProcessWasKilledWhileItsCallRan() {
        assertThat(ChaosRun.unexplained(STEP, List.of(start(7, 1_000)), Map.of(), Map.of(7L, 1_500L)))
                .isNull();
    }

    @Test
    void shouldExplainAStepWhoseProcessWasKilledRightAfterItsCallEndedBeforeTheResultCommitted() {
        assertThat(ChaosRun.unexplained(STEP, List.of(start(7, 1_000)), end(7, 2_000), Map.of(7L, 3_000L)))
                .isNull();
    }

    @Test
    void shouldNotExplainACallNeverMadeOrAProcessKilledLongAfterOrBeforeIt() {
        assertThat(ChaosRun.unexplained(STEP, List.of(), Map.of(), Map.of(7L, 3_000L)))
                .isEqualTo("its call was never made");
        assertThat(ChaosRun.unexplained(STEP, List.of(start(7, 1_000)), end(7, 2_000), Map.of(7L, 60_000L)))
                .startsWith("its call started in process(es) [7] and no kill followed while it ran");
        assertThat(ChaosRun.unexplained(STEP, List.of(start(7, 1_000)), Map.of(), Map.of(7L, 500L)))
                .isNotNull();
        assertThat(ChaosRun.unexplained(STEP, List.of(start(7, 1_000)), Map.of(), Map.of(8L, 1_500L)))
                .isNotNull();
    }
}
