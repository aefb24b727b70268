package io.planexec.bench.harness;

import io.planexec.bench.harness.scenario.DevLauncher;
import io.planexec.bench.harness.scenario.Scale;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run.
 *
 * @param scale the sizes (full or smoke)
 * @param scenarios the names of the scenarios to run; they run in the order of {@link BenchRunner#SCENARIOS}
 *     ({@code startup} last), whatever the order here
 * @param bootstrap an existing cluster, or {@code null} for the embedded broker
 * @param devLauncher how to start {@code planexec dev} for {@code startup}; {@code null} when not available
 * @param jsonFile where to write the results, or {@code null} for nowhere
 * @param command the command line, for the results file
 * @param systemSettings planner and executor settings for the harness's own planexec (none: the defaults, as shipped)
 */
public record BenchSettings(
        Scale scale,
        List<String> scenarios,
        String bootstrap,
        DevLauncher devLauncher,
        Path jsonFile,
        String command,
        Map<String, String> systemSettings) {

    public BenchSettings {
        Objects.requireNonNull(scale, "scale");
        scenarios = List.copyOf(scenarios);
        systemSettings = systemSettings == null ? Map.of() : Map.copyOf(systemSettings);
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("no scenario selected; known: " + BenchRunner.SCENARIOS);
        }
        for (String s : scenarios) {
            if (!BenchRunner.SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario '" + s + "'; known: " + BenchRunner.SCENARIOS);
            }
        }
        command = command == null ? "" : command;
    }

    /** Settings as shipped: no planner or executor setting changed. */
    public BenchSettings(
            Scale scale,
            List<String> scenarios,
            String bootstrap,
            DevLauncher devLauncher,
            Path jsonFile,
            String command) {
        this(scale, scenarios, bootstrap, devLauncher, jsonFile, command, Map.of());
    }
}
