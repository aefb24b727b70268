package io.planexec.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.AgentRequest;
import io.planexec.model.Dialect;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestOptions;
import io.planexec.model.ToolSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerSmokeTest {

    private static final ToolCatalog TOOLS = ToolCatalog.of(List.of(
            ToolSpec.builder("create_user").writes("database:users").build(),
            ToolSpec.builder("list_users")
                    .reads("database:users")
                    .idempotent(true)
                    .build(),
            ToolSpec.builder("update_user").writes("database:users").build(),
            ToolSpec.builder("get_weather").writes("cache:weather").build(),
            ToolSpec.builder("legacy").build()));

    private static AgentRequest request(PlanStep... steps) {
        return new AgentRequest("p-1", null, Dialect.STEPS, List.of(steps), RequestOptions.DEFAULTS);
    }

    @Test
    void shouldOrderWritersAndReaders() {
        Plan plan = (Plan) new Planner()
                .plan(
                        request(
                                PlanStep.of("c", "create_user", Map.of()),
                                PlanStep.of("w", "get_weather", Map.of()),
                                PlanStep.of("l", "list_users", Map.of()),
                                PlanStep.of("u", "update_user", Map.of())),
                        TOOLS);
        assertThat(plan.edges()).extracting(e -> e.from() + ">" + e.to()).containsExactly("c>l", "l>u");
        assertThat(plan.analysis().levels()).containsExactly(List.of("c", "w"), List.of("l"), List.of("u"));
    }

    @Test
    void shouldRejectACycleWithItsPath() {
        PlanningOutcome outcome = new Planner()
                .plan(
                        request(
                                new PlanStep("a", "get_weather", Map.of(), List.of("c"), null, null, null, null),
                                new PlanStep("b", "get_weather", Map.of(), List.of("a"), null, null, null, null),
                                new PlanStep(
                                        "c",
                                        "get_weather",
                                        Map.of("x", Map.of("$ref", "b")),
                                        null,
                                        null,
                                        null,
                                        null,
                                        null)),
                        TOOLS);
        assertThat(outcome).isInstanceOf(Rejection.class);
        assertThat(((Rejection) outcome).errors().get(0).message()).isEqualTo("cycle: a -> b -> c -> a");
    }
}
