package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.LatencyClass;
import io.planexec.model.PlanResult;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ToolRegistryTest {

    private final PlannerDriver planner = new PlannerDriver();

    @AfterEach
    void close() {
        planner.close();
    }

    private static final String REQUEST = """
            {"schema_version": 1, "plan_id": "%s", "steps": [{"id": "a", "tool": "translate", "args": {}}]}
            """;

    @Test
    void shouldPlanAgainstTheToolsRegisteredOnTheToolsTopic() {
        // Given a tool registered on the compacted tools topic
        planner.register(ToolSpec.builder("translate")
                .touchesNothing()
                .latencyClass(LatencyClass.SLOW)
                .timeoutMs(7_000)
                .build());

        // When a request calls it
        planner.submit(REQUEST.formatted("p-reg"));

        // Then its step is released with the registered spec's class and timeout
        List<StepTask> tasks = planner.tasks();
        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.latencyClass()).isEqualTo(LatencyClass.SLOW);
            assertThat(t.timeoutMs()).isEqualTo(7_000);
        });
    }

    @Test
    void shouldForgetAToolRemovedByATombstone() {
        // Given a tool that was registered, then removed
        planner.register(ToolSpec.builder("translate").touchesNothing().build(), TestTools.GET_WEATHER);
        planner.unregister("translate");

        // When a request calls it
        planner.submit(REQUEST.formatted("p-unreg"));

        // Then its step fails with the tools still known
        assertThat(planner.tasks()).isEmpty();
        PlanResult result = planner.results().get(0);
        assertThat(result.steps().get("a").error()).isEqualTo("unknown tool 'translate'. Known tools: get_weather");
    }

    @Test
    void shouldIgnoreAnUnreadableToolSpec() {
        // Given a registered tool, then a broken spec under its name
        planner.register(ToolSpec.builder("translate").touchesNothing().build());
        planner.driver()
                .createInputTopic(
                        planner.topics.tools(),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())
                .pipeInput("translate", "{broken".getBytes(StandardCharsets.UTF_8));

        // When a request calls it, the earlier spec still holds
        planner.submit(REQUEST.formatted("p-broken-spec"));
        assertThat(planner.tasks()).hasSize(1);
    }
}
