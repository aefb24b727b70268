package io.planexec.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.bench.harness.scenario.Figures;
import io.planexec.bench.harness.scenario.Scale;
import io.planexec.bench.harness.scenario.ScenarioResult;
import io.planexec.bench.harness.scenario.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsFileTest {

    private static BenchResults results() {
        Figures f = new Figures()
                .put("overhead_ms_p50", 7.123456)
                .put("overhead_ms_p99", 61.0)
                .put("serial_overhead_ms_p50", 0.01)
                .put("inprocess_overhead_ms_p50", Double.NaN)
                .put("load_average_1m_end", 1.5);
        ScenarioResult independent = new ScenarioResult(
                "independent3",
                f,
                List.of("overhead_ms_p50", "overhead_ms_p99"),
                List.of(Target.atMost("overhead_ms_p50", 10), Target.atMost("overhead_ms_p99", 50)));
        ScenarioResult failed =
                new ScenarioResult("seed", new Figures().put("error", "it broke"), List.of(), List.of());
        BenchSettings settings = new BenchSettings(
                Scale.smoke(),
                List.of("independent3", "seed"),
                null,
                null,
                null,
                "planexec bench --scale smoke --set planner.commit.interval.ms=50",
                Map.of("planner.commit.interval.ms", "50"));
        Figures machine = new Figures().put("cores", 2L).put("memory_gib", 23.5).put("jdk", "17");
        return new BenchResults(
                settings, machine, Instant.parse("2026-12-01T10:00:00Z"), 12.34, 3.2, List.of(independent, failed));
    }

    @Test
    void shouldWriteOneObjectPerScenarioWithItsTargetsBesideTheMachine() {
        Map<String, Object> json = ResultsFile.toMap(results());

        assertThat(json).containsEntry("format_version", 1).containsEntry("cluster", "embedded");
        assertThat(json).containsKeys("machine", "independent3", "seed", "started_at", "command");
        @SuppressWarnings("unchecked")
        Map<String, Object> independent = (Map<String, Object>) json.get("independent3");
        assertThat(independent)
                .containsEntry("overhead_ms_p50", 7.123)
                .containsEntry("inprocess_overhead_ms_p50", null)
                .containsKey("targets");
        assertThat(independent.get("targets").toString())
                .contains("overhead_ms_p50={", "met=true", "overhead_ms_p99={", "met=false");
        assertThat(json).containsEntry("all_targets_met", false);
        assertThat(json)
                .containsEntry("settings", Map.of("planner.commit.interval.ms", "50"))
                .containsEntry("system_warmup_s", 0.5)
                .containsEntry("system_ready_s", 3.2);
    }

    @Test
    void shouldPrintEachHeadlineFigureWithItsTargetAndSayWhichScenarioFailed() {
        StringWriter text = new StringWriter();

        ResultsTable.print(results(), new PrintWriter(text));

        assertThat(text.toString())
                .contains("independent3  overhead_ms_p50")
                .contains("<= 10")
                .contains("yes")
                .contains("NO")
                .contains("seed          failed: it broke")
                .contains("some targets missed");
    }

    @Test
    void shouldRefuseAnUnknownScenarioNamingTheKnownOnes() {
        assertThatThrownBy(() -> new BenchSettings(Scale.smoke(), List.of("fanout"), null, null, null, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario 'fanout'")
                .hasMessageContaining("fanout1000");
    }

    @Test
    void shouldRefuseAnUnknownScale() {
        assertThatThrownBy(() -> Scale.named("huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scale 'huge': use full or smoke");
    }
}
