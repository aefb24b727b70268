package io.planexec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.Dialect;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AgentRequest in its three dialects, remembering which, and what happens to arguments that are not JSON. */
class RequestDialectsTest {

    private static final String HEAD = "{\"schema_version\": 1, \"plan_id\": \"p-1\", ";

    private final WireFormat wire = new WireFormat();

    private RequestMessage read(String json) {
        return wire.readRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    private AgentRequest plan(String json) {
        return (AgentRequest) read(json);
    }

    private static String openAiCall(String id, String name, String argumentsJson) {
        return "{\"id\": \"" + id + "\", \"type\": \"function\", \"function\": {\"name\": \"" + name
                + "\", \"arguments\": " + argumentsJson + "}}";
    }

    @Test
    void shouldReadOpenAiToolCallsAsStepsInOrder() {
        AgentRequest request = plan(HEAD + "\"reply_to\": \"agent-7.results\", \"tool_calls\": ["
                + openAiCall("call_1", "get_weather", "\"{\\\"city\\\": \\\"SF\\\"}\"") + ", "
                + openAiCall("call_2", "get_news", "\"{}\"") + "], \"options\": {\"max_retries\": 3}}");

        assertThat(request.dialect()).isEqualTo(Dialect.OPENAI);
        assertThat(request.replyTo()).isEqualTo("agent-7.results");
        assertThat(request.options().maxRetries()).isEqualTo(3);
        assertThat(request.steps())
                .containsExactly(
                        PlanStep.of("call_1", "get_weather", Map.of("city", "SF")),
                        PlanStep.of("call_2", "get_news", Map.of()));
    }

    @Test
    void shouldAcceptArgumentsGivenAsAnObjectMissingOrBlank() {
        AgentRequest request = plan(HEAD + "\"tool_calls\": ["
                + openAiCall("a", "t", "{\"x\": 1}") + ", "
                + openAiCall("b", "t", "null") + ", "
                + openAiCall("c", "t", "\"  \"") + ", "
                + "{\"id\": \"d\", \"function\": {\"name\": \"t\"}}]}");

        assertThat(request.steps())
                .extracting(PlanStep::args)
                .containsExactly(Map.of("x", 1), Map.of(), Map.of(), Map.of());
    }

    @Test
    void shouldFailOnlyTheCallWhoseArgumentsAreNotJsonNamingTheCallAndTheProblem() {
        AgentRequest request = plan(HEAD + "\"tool_calls\": ["
                + openAiCall("call_1", "get_weather", "\"{\\\"city\\\": \\\"SF\\\"\"") + ", "
                + openAiCall("call_2", "get_news", "\"[1, 2]\"") + ", "
                + openAiCall("call_3", "get_news", "\"{\\\"topic\\\": \\\"tech\\\"}\"") + "]}");

        PlanStep first = request.steps().get(0);
        assertThat(first.hasBadArguments()).isTrue();
        assertThat(first.rawArguments()).isEqualTo("{\"city\": \"SF\"");
        assertThat(first.argumentsError())
                .isEqualTo("tool call 'call_1' (get_weather): arguments are not valid JSON: $.city: Unexpected"
                        + " end-of-input: expected close marker for Object (start marker at [line: 1, column: 1])"
                        + " (line 1, column 14)");
        assertThat(request.steps().get(1).argumentsError())
                .isEqualTo("tool call 'call_2' (get_news): arguments must be a JSON object, got an array");
        assertThat(request.steps().get(2).hasBadArguments()).isFalse();
    }

    @Test
    void shouldFailACallWhoseArgumentsHaveDuplicateKeys() {
        AgentRequest request =
                plan(HEAD + "\"tool_calls\": [" + openAiCall("c", "t", "\"{\\\"a\\\": 1, \\\"a\\\": 2}\"") + "]}");

        assertThat(request.steps().get(0).argumentsError())
                .isEqualTo(
                        "tool call 'c' (t): arguments are not valid JSON: $.a: Duplicate field 'a' (line 1, column 13)");
    }

    @Test
    void shouldRejectToolCallsThatAreNotFunctionsOrHaveArgumentsOfAnotherType() {
        assertThatThrownBy(() -> read(HEAD + "\"tool_calls\": [{\"id\": \"c\", \"type\": \"custom\","
                        + " \"function\": {\"name\": \"t\"}}]}"))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("$.tool_calls[0].type: only function tool calls are supported, got 'custom'");
        assertThatThrownBy(() -> read(HEAD + "\"tool_calls\": [" + openAiCall("c", "t", "5") + "]}"))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("$.tool_calls[0].function.arguments: expected a JSON string, got a number");
        assertThatThrownBy(() -> read(HEAD + "\"tool_calls\": [{\"id\": \"c\"}]}"))
                .hasMessage("$.tool_calls[0].function: required field is missing (expected an object)");
    }

    @Test
    void shouldReadAnthropicToolUseBlocksSkippingOtherBlocks() {
        AgentRequest request = plan(HEAD + "\"content\": ["
                + "{\"type\": \"text\", \"text\": \"Let me check.\"}, "
                + "{\"type\": \"tool_use\", \"id\": \"toolu_01\", \"name\": \"get_weather\", \"input\": {\"city\": \"SF\"}}, "
                + "{\"type\": \"thinking\", \"thinking\": \"...\"}, "
                + "{\"type\": \"tool_use\", \"id\": \"toolu_02\", \"name\": \"list_users\"}]}");

        assertThat(request.dialect()).isEqualTo(Dialect.ANTHROPIC);
        assertThat(request.steps())
                .containsExactly(
                        PlanStep.of("toolu_01", "get_weather", Map.of("city", "SF")),
                        PlanStep.of("toolu_02", "list_users", Map.of()));
    }

    @Test
    void shouldRejectAnAnthropicRequestWithoutToolUse() {
        assertThatThrownBy(() -> read(HEAD + "\"content\": [{\"type\": \"text\", \"text\": \"hi\"}]}"))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("$.content: a plan needs at least one step");
        assertThatThrownBy(() -> read(HEAD + "\"content\": \"hello\"}"))
                .hasMessage("$.content: expected an array of content blocks, got a string");
    }

    @Test
    void shouldReadExplicitSteps() {
        AgentRequest request = plan(
                HEAD + "\"steps\": ["
                        + "{\"id\": \"fetch\", \"tool\": \"fetch_users\", \"args\": {\"limit\": 100}, \"produces\": [\"users\"]},"
                        + "{\"id\": \"export\", \"tool\": \"export_users\", \"depends_on\": [\"fetch\"], \"consumes\": [\"users\"]}]}");

        assertThat(request.dialect()).isEqualTo(Dialect.STEPS);
        assertThat(request.steps().get(0).produces()).containsExactly("users");
        assertThat(request.steps().get(1).dependsOn()).containsExactly("fetch");
        assertThat(request.steps().get(1).consumes()).containsExactly("users");
        assertThat(request.steps().get(1).args()).isEmpty();
    }

    @Test
    void shouldRequireExactlyOneForm() {
        assertThatThrownBy(() -> read(HEAD + "\"steps\": [], \"tool_calls\": []}"))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("$: a request needs exactly one of tool_calls, content or steps, got tool_calls and steps");
        assertThatThrownBy(() -> read(HEAD + "\"reply_to\": \"x\"}"))
                .hasMessage("$: a request needs exactly one of tool_calls (OpenAI), content (Anthropic) or steps");
        assertThatThrownBy(() -> read(HEAD + "\"steps\": []}")).hasMessage("$.steps: a plan needs at least one step");
    }

    @Test
    void shouldReadACancelRequestAndRejectUnknownTypes() {
        assertThat(read("{\"schema_version\": 1, \"type\": \"cancel\", \"plan_id\": \"p-1\", \"reason\": \"stop\"}"))
                .isEqualTo(new CancelRequest("p-1", "stop"));
        assertThat(plan(HEAD + "\"type\": \"plan\", \"steps\": [{\"id\": \"a\", \"tool\": \"t\"}]}")
                        .steps())
                .hasSize(1);
        assertThatThrownBy(() -> read(HEAD + "\"type\": \"pause\"}"))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("$.type: 'pause' is not a request type (expected plan or cancel)");
    }

    @Test
    void shouldKeepTheDialectOnTheWayOut() {
        for (AgentRequest request : SampleMessages.requests()) {
            String json = new String(wire.writeRequest(request), StandardCharsets.UTF_8);
            String form = switch (request.dialect()) {
                case OPENAI -> "\"tool_calls\":";
                case ANTHROPIC -> "\"content\":";
                case STEPS -> "\"steps\":";
            };
            assertThat(json).contains(form);
            assertThat(List.of("\"tool_calls\":", "\"content\":", "\"steps\":").stream()
                            .filter(json::contains)
                            .count())
                    .isEqualTo(1);
        }
    }
}
