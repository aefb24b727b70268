package io.planexec.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.model.AgentRequest;
import io.planexec.model.Dialect;
import io.planexec.model.ToolSpec;
import io.planexec.plan.Plan;
import io.planexec.plan.Planner;
import io.planexec.plan.ToolCatalog;
import io.planexec.wire.WireFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestsTest {

    private final WireFormat wire = new WireFormat();

    @Test
    void shouldBuildAnOpenAiRequestThatSurvivesTheWire() {
        AgentRequest request = Requests.openAi("p-1")
                .call("call_1", "get_weather", Map.of("city", "SF"))
                .call("call_2", "update_user", Map.of("id", Requests.ref("call_1", "/id")))
                .deadlineMs(5_000)
                .build();

        AgentRequest read = (AgentRequest) wire.readRequest(wire.writeRequest(request));

        assertThat(read).isEqualTo(request);
        assertThat(read.dialect()).isEqualTo(Dialect.OPENAI);
        assertThat(read.steps().get(1).args()).isEqualTo(Map.of("id", Map.of("$ref", "call_1", "path", "/id")));
    }

    @Test
    void shouldBuildAnExplicitPlanWhoseArtifactThePlannerFollows() {
        AgentRequest request = Requests.steps("p-2")
                .step("fetch", "fetch_users", Map.of("limit", 10))
                .produces("users")
                .step("export", "export_users", Map.of("users", Requests.artifact("users"), "filename", "u.json"))
                .build();

        Plan plan = (Plan) new Planner()
                .plan(
                        request,
                        ToolCatalog.of(List.of(
                                ToolSpec.builder("fetch_users")
                                        .reads("database:users")
                                        .build(),
                                ToolSpec.builder("export_users")
                                        .writes("file:{filename}")
                                        .build())));

        assertThat(plan.predecessors("export"))
                .singleElement()
                .satisfies(e -> assertThat(e.from()).isEqualTo("fetch"));
    }

    @Test
    void shouldRefuseDataFlowFieldsOutsideTheStepsDialect() {
        assertThatThrownBy(() ->
                        Requests.anthropic("p-3").call("t1", "x", Map.of()).dependsOn("t0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("depends_on is part of the STEPS dialect; tool calls use $ref instead");
    }

    @Test
    void shouldRefuseARequestWithoutSteps() {
        assertThatThrownBy(() -> Requests.openAi("p-4").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plan 'p-4': a plan needs at least one step");
    }
}
