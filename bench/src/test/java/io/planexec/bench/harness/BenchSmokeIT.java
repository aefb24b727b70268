package io.planexec.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.planexec.bench.harness.scenario.DevLauncher;
import io.planexec.bench.harness.scenario.Scale;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario at its smoke size, on the embedded broker, in seconds: the harness keeps working and writes
 * well-formed results. No timing is asserted (the machine is shared); the hot resource's ledger checks are.
 */
class BenchSmokeIT {

    /** The figures docs/benchmarks.md promises for each scenario (planexec's; the baselines' with their prefixes). */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "independent3", List.of("overhead_ms_p50", "overhead_ms_p99"),
            "chain10", List.of("overhead_ms_per_level_p50", "overhead_ms_per_level_p99"),
            "throughput", List.of("steps_per_s", "overhead_ms_p99"),
            "fanout1000", List.of("makespan_ms_p50", "makespan_ms_p99"),
            "hot_resource", List.of("writes_per_s", "overlaps", "order_violations"),
            "seed", List.of("makespan_over_critical", "makespan_over_serial"));

    private static final List<String> STARTUP = List.of("ready_s", "rss_mb_idle", "rss_mb_load");

    @TempDir
    Path dir;

    @Test
    void shouldRunEveryScenarioAndWriteWellFormedResults() throws Exception {
        // Given every scenario at its smoke size, and a stand-in for planexec dev
        Path file = dir.resolve("results.json");
        BenchSettings settings = new BenchSettings(
                Scale.smoke(), BenchRunner.SCENARIOS, null, new StandInLauncher(), file, "BenchSmokeIT");
        StringWriter table = new StringWriter();

        // When the harness runs them
        BenchResults results = BenchRunner.run(settings, new PrintWriter(table, true));

        // Then every scenario ran, and the results file has every promised figure, with the baselines' beside ours
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("format_version").asInt()).isEqualTo(ResultsFile.FORMAT_VERSION);
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(json.path("machine").path("memory_gib").asDouble()).isPositive();
        assertThat(json.path("machine").path("jdk").asText()).isNotBlank();
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((scenario, figures) -> {
            JsonNode s = json.path(scenario);
            assertThat(s.has("error"))
                    .as("%s failed: %s", scenario, s.path("error"))
                    .isFalse();
            for (String figure : figures) {
                for (String prefix : List.of("", "serial_", "inprocess_")) {
                    if (!s.path(prefix + figure).isNumber()) {
                        missing.add(scenario + "." + prefix + figure);
                    }
                }
            }
            assertThat(s.path("targets").size()).as(scenario + " targets").isPositive();
            assertThat(s.path("load_average_1m_start").isNumber()).isTrue();
        });
        JsonNode startup = json.path("startup");
        assertThat(startup.has("error"))
                .as("startup failed: %s", startup.path("error"))
                .isFalse();
        STARTUP.forEach(figure -> {
            if (!startup.path(figure).isNumber()) {
                missing.add("startup." + figure);
            }
        });
        assertThat(missing).as("figures missing or not numbers").isEmpty();

        // And planexec serialized every write of the hot resource in release order, the non-idempotent ones too
        JsonNode hot = json.path("hot_resource");
        Scale.Hot size = Scale.smoke().hotResource();
        assertThat(hot.path("writes").asLong()).isEqualTo((long) size.plans() * size.writesPerPlan() * size.rounds());
        assertThat(hot.path("non_idempotent_writes").asLong())
                .isEqualTo((long) size.plansNonIdempotent() * size.writesPerPlan());
        for (String p : List.of("", "non_idempotent_")) {
            for (String check : List.of(
                    "overlaps", "order_violations", "plan_order_violations", "duplicate_writes", "missing_writes")) {
                // A figure that is missing reads as 0: require it first
                assertThat(hot.path(p + check).isIntegralNumber())
                        .as(p + check + " present")
                        .isTrue();
                assertThat(hot.path(p + check).asLong()).as(p + check).isZero();
            }
        }

        // And the transactions of the planner and the executor are broken down from their producers' metrics
        for (String who : List.of("planner", "executor")) {
            JsonNode tx = json.path("independent3").path("transactions").path(who);
            assertThat(tx.path("transactions").asLong())
                    .as(who + " transactions")
                    .isPositive();
            assertThat(tx.path("send_offsets_ms").isNumber())
                    .as(who + " send_offsets_ms")
                    .isTrue();
            assertThat(tx.path("commit_ms").isNumber()).as(who + " commit_ms").isTrue();
        }

        // And the table names every scenario
        assertThat(results.scenarios()).hasSize(BenchRunner.SCENARIOS.size());
        assertThat(table.toString()).contains(BenchRunner.SCENARIOS.toArray(String[]::new));
    }

    /** Starts {@link DevStandIn} from this test's class path. */
    private static final class StandInLauncher implements DevLauncher {

        @Override
        public List<String> command(String topicPrefix, String bootstrap) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmOptions());
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    DevStandIn.class.getName(),
                    "--topic-prefix",
                    topicPrefix));
            if (bootstrap != null) {
                command.addAll(List.of("--bootstrap", bootstrap));
            }
            return command;
        }

        @Override
        public List<String> jvmOptions() {
            return List.of("-Xmx512m", "-XX:+UseSerialGC");
        }
    }
}
