package io.planexec.bench.harness;

import io.planexec.bench.harness.scenario.Figures;
import io.planexec.bench.harness.scenario.ScenarioResult;
import java.time.Instant;
import java.util.List;

/**
 * Everything a run measured.
 *
 * @param settings what was run
 * @param machine the machine ({@link Machine#describe()}) at the start
 * @param startedAt when the run started
 * @param seconds how long it took
 * @param systemReadySeconds how long the harness's own planexec took to start ({@code NaN} if none was started)
 * @param scenarios each scenario's result (a failed scenario has an {@code error} figure)
 */
public record BenchResults(
        BenchSettings settings,
        Figures machine,
        Instant startedAt,
        double seconds,
        double systemReadySeconds,
        List<ScenarioResult> scenarios) {

    public BenchResults {
        scenarios = List.copyOf(scenarios);
    }

    /** Whether every scenario ran and met every target. */
    public boolean allTargetsMet() {
        return scenarios.stream()
                .allMatch(s -> !s.figures().has("error") && s.targets().stream().allMatch(t -> t.metBy(s.figures())));
    }
}
