package io.planexec.bench.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.bench.harness.tools.BenchTools;
import io.planexec.executor.tool.Tool;
import io.planexec.model.AgentRequest;
import io.planexec.model.ToolSpec;
import io.planexec.plan.Plan;
import io.planexec.plan.Planner;
import io.planexec.plan.ToolCatalog;
import io.planexec.standalone.demo.DemoTools;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

    private final ToolCatalog tools = catalog();

    private static ToolCatalog catalog() {
        List<ToolSpec> specs = new ArrayList<>();
        new BenchTools().tools().stream().map(Tool::spec).forEach(specs::add);
        new DemoTools().tools().stream().map(Tool::spec).forEach(specs::add);
        return ToolCatalog.of(specs);
    }

    private Plan plan(AgentRequest request) {
        return (Plan) new Planner().plan(request, tools);
    }

    @Test
    void shouldPlanIndependentStepsWithoutEdges() {
        assertThat(plan(Workloads.independent("p", 3)).edges()).isEmpty();
        assertThat(plan(Workloads.fanout("p", 1_000)).edges()).isEmpty();
    }

    @Test
    void shouldPlanAChainOfTenAsTenLevels() {
        Plan chain = plan(Workloads.chain("p", 10));

        assertThat(chain.edges()).hasSize(9);
        assertThat(chain.order()).containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
    }

    @Test
    void shouldCycleThroughFourShapesOfFourSteps() {
        // independent, chain, diamond, two chains of two
        assertThat(plan(Workloads.fourSteps("p", 0, BenchTools.NOOP)).edges()).isEmpty();
        assertThat(plan(Workloads.fourSteps("p", 1, BenchTools.NOOP)).edges()).hasSize(3);
        assertThat(plan(Workloads.fourSteps("p", 2, BenchTools.NOOP)).edges()).hasSize(4);
        assertThat(plan(Workloads.fourSteps("p", 3, BenchTools.NOOP)).edges()).hasSize(2);
        assertThat(plan(Workloads.fourSteps("p", 7, "sleep")).steps()).hasSize(4);
    }

    @Test
    void shouldOrderEveryWriteOfTheHotResourceAfterThePreviousOne() {
        Plan hot = plan(Workloads.hotWrites("p", "k", 5, BenchTools.LEDGER_WRITE));

        assertThat(hot.edges()).hasSize(4);
        assertThat(hot.steps()).allSatisfy(s -> assertThat(s.routingKey()).isEqualTo("ledger:k"));
    }

    @Test
    void shouldPlanTheSeedExampleAsThreeIndependentCalls() {
        Plan seed = plan(Workloads.seed("p", 2_000));

        assertThat(seed.steps()).hasSize(3);
        assertThat(seed.edges()).isEmpty();
    }
}
