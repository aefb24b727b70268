package io.planexec.bench.harness.scenario;

import java.util.List;

/**
 * What a scenario measured.
 *
 * @param name the scenario's name (its key in the results file)
 * @param figures every figure, planexec's and the baselines'
 * @param headline the figures worth a row in the printed table, in order (planexec's keys; the baselines' are shown
 *     beside them when present)
 * @param targets the targets to check
 */
public record ScenarioResult(String name, Figures figures, List<String> headline, List<Target> targets) {

    public ScenarioResult {
        headline = List.copyOf(headline);
        targets = List.copyOf(targets);
    }

    /** The target of a figure, if it has one. */
    public Target targetOf(String figure) {
        return targets.stream()
                .filter(t -> t.figure().equals(figure))
                .findFirst()
                .orElse(null);
    }
}
