package io.planexec.planner.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.model.AgentRequest;
import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import io.planexec.model.TraceContext;
import io.planexec.plan.Plan;
import io.planexec.plan.Planner;
import io.planexec.plan.ToolCatalog;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionCodecTest {

    private static final ToolCatalog TOOLS = ToolCatalog.of(List.of(
            ToolSpec.builder("fetch")
                    .touchesNothing()
                    .idempotent(true)
                    .latencyClass(LatencyClass.FAST)
                    .build(),
            ToolSpec.builder("save").writes("file:{name}").timeoutMs(9_000).build(),
            ToolSpec.builder("render").touchesNothing().queue("gpu").build()));

    private static Plan plan(String json) {
        AgentRequest request = (AgentRequest) new WireFormat().readRequest(json.getBytes(StandardCharsets.UTF_8));
        return (Plan) new Planner().plan(request, TOOLS);
    }

    @Test
    void shouldKeepWhatReleaseAndCompletionNeed() {
        // Given a planned request with data flow, a resource, an artifact and an unknown tool
        Plan plan = plan("""
                {"schema_version": 1, "plan_id": "p-def", "reply_to": "agent.results", "steps": [
                  {"id": "f", "tool": "fetch", "args": {"q": "x"}, "produces": ["rows"]},
                  {"id": "s", "tool": "save", "args": {"name": "a.csv", "rows": {"$artifact": "rows"}}},
                  {"id": "u", "tool": "nope", "args": {}}],
                 "options": {"max_retries": 7}}
                """);

        // When its definition is written and read back
        PlanDefinition def = DefinitionCodec.read(DefinitionCodec.write(PlanDefinition.of(plan, 1_000, 61_000, null)));

        // Then the release policy, edges and artifacts survive
        assertThat(def.planId()).isEqualTo("p-def");
        assertThat(def.replyTo()).isEqualTo("agent.results");
        assertThat(def.deadlineMs()).isEqualTo(61_000);
        assertThat(def.step(0).maxRetries()).isEqualTo(7);
        assertThat(def.step(1).maxRetries()).isZero();
        assertThat(def.step(1).routingKey()).isEqualTo("file:a.csv");
        assertThat(def.step(1).timeoutMs()).isEqualTo(9_000);
        assertThat(def.step(1).predecessors()).containsExactly(new Dependency(0, true, "artifact"));
        assertThat(def.successors(0)).containsExactly(1);
        assertThat(def.step(2).planningError()).startsWith("unknown tool 'nope'. Known tools: fetch, render, save");
        assertThat(def.producerOf("rows")).isEqualTo("f");
        assertThat(def.indexOf("s")).isEqualTo(1);
        assertThat(def.indexOf("zz")).isEqualTo(-1);
        assertThat(def.step(0).args()).containsEntry("q", "x");
    }

    @Test
    void shouldKeepEachStepsQueue() {
        // Given a step of a custom queue and steps of the latency classes' queues
        Plan plan = plan("""
                {"schema_version": 1, "plan_id": "p-queues", "steps": [
                  {"id": "r", "tool": "render", "args": {}},
                  {"id": "f", "tool": "fetch", "args": {}},
                  {"id": "s", "tool": "save", "args": {"name": "a"}}]}
                """);

        // When its definition is written and read back
        byte[] stored = DefinitionCodec.write(PlanDefinition.of(plan, 1_000, 61_000, null));
        PlanDefinition def = DefinitionCodec.read(stored);

        // Then each step keeps its queue; a class's queue is not written (definitions stored before queues read alike)
        assertThat(def.step(0).queue()).isEqualTo("gpu");
        assertThat(def.step(0).latencyClass()).isEqualTo(LatencyClass.MEDIUM);
        assertThat(def.step(1).queue()).isEqualTo("fast");
        assertThat(def.step(2).queue()).isEqualTo("medium");
        String json = new String(Compression.inflate(stored, 1, stored.length - 1, "test"), StandardCharsets.UTF_8);
        assertThat(json).containsOnlyOnce("\"queue\"");
    }

    @Test
    void shouldKeepThePlansTraceContextAndReadDefinitionsStoredWithout() {
        Plan plan = plan("""
                {"schema_version": 1, "plan_id": "p-trace", "steps": [{"id": "f", "tool": "fetch", "args": {}}]}
                """);
        TraceContext trace = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "k=v");

        assertThat(DefinitionCodec.read(DefinitionCodec.write(PlanDefinition.of(plan, 1_000, 61_000, trace)))
                        .trace())
                .isEqualTo(trace);
        // a definition stored by a planner that kept no trace context reads as having none
        assertThat(DefinitionCodec.read(DefinitionCodec.write(PlanDefinition.of(plan, 1_000, 61_000, null)))
                        .trace())
                .isNull();
    }

    @Test
    void shouldStoreALargePlanCompressed() {
        // Given a plan of 1,000 steps
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            steps.append(i == 0 ? "" : ",").append("{\"id\": \"step-").append(i).append("\", \"tool\": \"fetch\"}");
        }
        Plan plan = plan("{\"schema_version\": 1, \"plan_id\": \"p-big\", \"steps\": [" + steps + "]}");

        // Then its stored definition is far smaller than its JSON
        byte[] stored = DefinitionCodec.write(PlanDefinition.of(plan, 0, 1, null));
        assertThat(stored.length).isLessThan(20_000);
        assertThat(DefinitionCodec.read(stored).size()).isEqualTo(1_000);
    }

    @Test
    void shouldRefuseAnUnknownFormat() {
        assertThatThrownBy(() -> DefinitionCodec.read(new byte[] {7, 1, 2}))
                .hasMessage("unreadable plan definition in the state store: format 7");
    }
}
