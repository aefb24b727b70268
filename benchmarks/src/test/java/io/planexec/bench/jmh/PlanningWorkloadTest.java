package io.planexec.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.plan.Plan;
import io.planexec.plan.Planner;
import io.planexec.plan.PlanningOutcome;
import org.junit.jupiter.api.Test;

/** The benchmark's workload is reproducible and planned as intended (the benchmark itself runs only on demand). */
class PlanningWorkloadTest {

    @Test
    void shouldGenerateTheSameRequestForTheSameSeed() {
        PlanningWorkload a = PlanningWorkload.generate(500, 10, 7);
        PlanningWorkload b = PlanningWorkload.generate(500, 10, 7);

        assertThat(a.request()).isEqualTo(b.request());
        assertThat(a.request())
                .isNotEqualTo(PlanningWorkload.generate(500, 10, 8).request());
    }

    @Test
    void shouldBeAcceptedWithEdgesLinearInTheSteps() {
        // Given
        PlanningWorkload workload = PlanningWorkload.generate(10_000, 100, PlanningWorkload.DEFAULT_SEED);

        // When
        PlanningOutcome outcome = new Planner().plan(workload.request(), workload.tools());

        // Then: accepted, every step planned, and no quadratic edge set
        assertThat(outcome).isInstanceOf(Plan.class);
        Plan plan = (Plan) outcome;
        assertThat(plan.steps()).hasSize(10_000);
        assertThat(plan.steps()).noneMatch(s -> s.failsAtPlanning());
        assertThat(plan.edges().size()).isBetween(5_000, 30_000);
        assertThat(plan.analysis().maxWidth()).isGreaterThan(100);
    }

    @Test
    void shouldRefuseAnEmptyWorkload() {
        assertThatThrownBy(() -> PlanningWorkload.generate(0, 100, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a workload needs at least one step and one resource, got 0 and 100");
    }
}
