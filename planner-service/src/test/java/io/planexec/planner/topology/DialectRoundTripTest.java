package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.Dialect;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DialectRoundTripTest {

    private final PlannerDriver planner = new PlannerDriver().register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    /** Answers the released tasks: weather succeeds with text, news with an object, anything else fails. */
    private void answer() {
        for (StepTask t : planner.tasks()) {
            switch (t.tool()) {
                case "get_weather" -> planner.succeed(t, "72F, sunny");
                case "get_news" -> planner.succeed(t, Map.of("headlines", List.of("a", "b")));
                default -> planner.fail(t, StepStatus.FAILED, "quota exceeded");
            }
        }
    }

    @Test
    void shouldAnswerOpenAiToolCallsWithToolMessages() {
        // Given an OpenAI assistant message's tool calls
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-openai", "reply_to": "agent-7.results", "tool_calls": [
                  {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"SF\\"}"}},
                  {"id": "call_2", "type": "function", "function": {"name": "get_news", "arguments": "{}"}},
                  {"id": "call_3", "type": "function", "function": {"name": "send_email", "arguments": "{}"}},
                  {"id": "call_4", "type": "function", "function": {"name": "send_email",
                      "arguments": "{\\"x\\": {\\"$ref\\": \\"call_3\\"}}"}}]}
                """);
        answer();

        // Then the reply topic gets one tool message per call, in order, failures included
        PlanResult result = planner.results(PlannerDriver.AGENT_TOPIC).get(0);
        assertThat(result.dialect()).isEqualTo(Dialect.OPENAI);
        assertThat(result.status()).isEqualTo(PlanStatus.PARTIAL);
        assertThat(result.messages())
                .containsExactly(
                        Map.of("role", "tool", "tool_call_id", "call_1", "content", "72F, sunny"),
                        Map.of("role", "tool", "tool_call_id", "call_2", "content", "{\"headlines\":[\"a\",\"b\"]}"),
                        Map.of("role", "tool", "tool_call_id", "call_3", "content", "FAILED: quota exceeded"),
                        Map.of(
                                "role",
                                "tool",
                                "tool_call_id",
                                "call_4",
                                "content",
                                "SKIPPED: depends on step 'call_3' (ref), which did not succeed: step 'call_3'"
                                        + " (send_email) ended FAILED: quota exceeded"));
    }

    @Test
    void shouldAnswerAnthropicToolUseWithOneUserMessageOfToolResults() {
        // Given an Anthropic assistant message's content blocks
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-anthropic", "content": [
                  {"type": "text", "text": "Let me check."},
                  {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "SF"}},
                  {"type": "tool_use", "id": "toolu_2", "name": "send_email", "input": {}}]}
                """);
        answer();

        // Then the result is one user message with a tool_result block per tool_use
        PlanResult result = planner.results().get(0);
        assertThat(result.dialect()).isEqualTo(Dialect.ANTHROPIC);
        assertThat(result.messages())
                .containsExactly(Map.of(
                        "role",
                        "user",
                        "content",
                        List.of(
                                Map.of(
                                        "type",
                                        "tool_result",
                                        "tool_use_id",
                                        "toolu_1",
                                        "content",
                                        "72F, sunny",
                                        "is_error",
                                        false),
                                Map.of(
                                        "type",
                                        "tool_result",
                                        "tool_use_id",
                                        "toolu_2",
                                        "content",
                                        "FAILED: quota exceeded",
                                        "is_error",
                                        true))));
    }

    @Test
    void shouldAnswerExplicitStepsWithPerStepOutputs() {
        // Given explicit steps
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-steps", "steps": [
                  {"id": "w", "tool": "get_weather", "args": {}},
                  {"id": "n", "tool": "get_news", "args": {}}]}
                """);
        answer();

        // Then there are no conversation messages; the outputs are in the per-step detail
        PlanResult result = planner.results().get(0);
        assertThat(result.dialect()).isEqualTo(Dialect.STEPS);
        assertThat(result.messages()).isEmpty();
        assertThat(result.steps().get("w").output()).isEqualTo("72F, sunny");
        assertThat(result.steps().get("n").output()).isEqualTo(Map.of("headlines", List.of("a", "b")));
        assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
    }

    @Test
    void shouldAnswerEveryCallOfARejectedToolCallRequest() {
        // Given OpenAI tool calls whose $ref names no call
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-rej", "tool_calls": [
                  {"id": "call_1", "function": {"name": "get_weather", "arguments": "{\\"x\\": {\\"$ref\\": \\"call_9\\"}}"}},
                  {"id": "call_2", "function": {"name": "get_news", "arguments": "{}"}}]}
                """);

        // Then the plan is rejected, and each call still gets a message saying why nothing ran
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.REJECTED);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.steps()).containsExactly("call_1");
            assertThat(e.message()).isEqualTo("step 'call_1': $ref 'call_9' at args.x names no step of this plan");
        });
        assertThat(result.messages()).extracting(m -> m.get("tool_call_id")).containsExactly("call_1", "call_2");
        assertThat(result.messages().get(1).get("content"))
                .isEqualTo("REJECTED: step 'call_1': $ref 'call_9' at args.x" + " names no step of this plan");
        assertThat(planner.tasks()).isEmpty();
    }
}
