package io.planexec.cli.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTest {

    @Test
    void shouldReadSamplesWithLabelsEscapesAndSpecialValues() {
        List<Exposition.Sample> samples = Exposition.parse("""
                # HELP planexec_planner_plans_active Plans running.
                # TYPE planexec_planner_plans_active gauge
                planexec_planner_plans_active{instance="p-1",service="planner"} 3.0
                a_bucket{le="+Inf",note="say \\"hi\\", a\\\\b"} 7
                up 1 1700000000000
                nan_gauge NaN
                inf_gauge +Inf
                """);

        assertThat(samples)
                .containsExactly(
                        new Exposition.Sample(
                                "planexec_planner_plans_active", Map.of("instance", "p-1", "service", "planner"), 3.0),
                        new Exposition.Sample("a_bucket", Map.of("le", "+Inf", "note", "say \"hi\", a\\b"), 7.0),
                        new Exposition.Sample("up", Map.of(), 1.0),
                        new Exposition.Sample("nan_gauge", Map.of(), Double.NaN),
                        new Exposition.Sample("inf_gauge", Map.of(), Double.POSITIVE_INFINITY));
    }

    @Test
    void shouldNameTheLineThatIsNotASample() {
        assertThatThrownBy(() -> Exposition.parse("ok 1\n<html>not metrics</html>\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("<html>");
        assertThatThrownBy(() -> Exposition.parse("x{a=\"unclosed} 1")).hasMessageContaining("line 1");
    }
}
