package io.planexec.planner.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The counters dashboards and alerts read exist at zero before the first event. */
class PlannerMetricsTest {

    @Test
    void shouldRegisterDeadLetterSourcesAndIgnoredReasonsAtZero() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PlannerMetrics metrics = new PlannerMetrics(registry);

        for (String source : PlannerMetrics.DEAD_LETTER_SOURCES) {
            assertThat(registry.get("planexec.planner.dead.letters")
                            .tag("source", source)
                            .counter()
                            .count())
                    .isZero();
        }
        for (String reason : PlannerMetrics.IGNORED_REASONS) {
            assertThat(registry.get("planexec.planner.results.ignored")
                            .tag("reason", reason)
                            .counter()
                            .count())
                    .isZero();
        }

        metrics.deadLetter("requests");
        metrics.resultIgnored("duplicate");
        assertThat(registry.get("planexec.planner.dead.letters")
                        .tag("source", "requests")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("planexec.planner.results.ignored")
                        .tag("reason", "duplicate")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldNameEveryIgnoredReasonInTheMetersDescription() {
        for (String reason : PlannerMetrics.IGNORED_REASONS) {
            assertThat(PlannerMeter.RESULTS_IGNORED.description()).contains(reason);
        }
    }
}
