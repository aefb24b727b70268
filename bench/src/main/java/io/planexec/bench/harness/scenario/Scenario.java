package io.planexec.bench.harness.scenario;

/** One scenario of the benchmark. */
public interface Scenario {

    /** Its name: what {@code --scenario} selects and its key in the results file. */
    String name();

    /** Whether it runs against the harness's own planexec (all but {@code startup}, which starts its own). */
    default boolean needsSystem() {
        return true;
    }

    /** Runs the scenario on planexec and on the baselines. */
    ScenarioResult run(ScenarioContext context) throws Exception;
}
