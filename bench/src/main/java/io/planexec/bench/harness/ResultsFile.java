package io.planexec.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.planexec.bench.harness.scenario.ScenarioResult;
import io.planexec.bench.harness.scenario.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine-readable results (docs/benchmarks.md describes the format): one object per scenario keyed by its name,
 * holding its figures (the baselines' with the prefixes {@code serial_} and {@code inprocess_}) and its targets, plus
 * the run and the {@code machine}.
 */
public final class ResultsFile {

    /** The version of the format; raised when a figure changes meaning or goes away. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsFile() {}

    /** The results as plain JSON values. */
    public static Map<String, Object> toMap(BenchResults results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format_version", FORMAT_VERSION);
        root.put("command", results.settings().command());
        root.put("scale", results.settings().scale().name());
        root.put(
                "cluster",
                results.settings().bootstrap() == null
                        ? "embedded"
                        : results.settings().bootstrap());
        root.put("settings", results.settings().systemSettings());
        root.put("started_at", results.startedAt().toString());
        root.put("duration_s", Math.round(results.seconds() * 10) / 10.0);
        root.put("system_warmup_s", results.settings().scale().systemWarmup().toMillis() / 1000.0);
        root.put("system_ready_s", Double.isNaN(results.systemReadySeconds()) ? null : results.systemReadySeconds());
        root.put("all_targets_met", results.allTargetsMet());
        root.put("machine", results.machine().asMap());
        for (ScenarioResult s : results.scenarios()) {
            Map<String, Object> scenario = new LinkedHashMap<>(s.figures().asMap());
            Map<String, Object> targets = new LinkedHashMap<>();
            for (Target t : s.targets()) {
                targets.put(t.figure(), Map.of("target", t.describe(), "met", t.metBy(s.figures())));
            }
            scenario.put("targets", targets);
            root.put(s.name(), scenario);
        }
        return root;
    }

    /** Writes the results file (creating its directory). */
    public static void write(BenchResults results, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), toMap(results));
    }
}
