package io.planexec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void shouldFindTheSelectedMetricsAndNothingElse() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, tool) "
                        + "(rate(planexec_executor_call_duration_seconds_bucket{tool=~\"$tool\", status!=\"x{y}\"}"
                        + "[$__rate_interval])))"))
                .containsExactly("planexec_executor_call_duration_seconds_bucket");
        assertThat(PromQl.metricNames("sum by (queue) (increase(a_total[10m])) > 0\n"
                        + "  unless on (queue) count by (queue) (b_lag)"))
                .containsExactly("a_total", "b_lag");
        assertThat(PromQl.metricNames("(sum(increase(x_total[10m])) or vector(0)) + 1e3 > 0 and up == 0"))
                .containsExactly("x_total", "up");
        assertThat(PromQl.metricNames("sum without (instance) (rate(y[5m] offset 1h)) / ignoring (le) z"))
                .containsExactly("y", "z");
    }
}
