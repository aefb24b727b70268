package io.planexec.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.Dialect;
import io.planexec.model.PlanError;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plan's results as messages in each dialect. */
class ToolMessagesTest {

    private final ToolMessages messages = new ToolMessages(new StrictJson());

    private static Map<String, StepOutcome> outcomes() {
        Map<String, StepOutcome> steps = new LinkedHashMap<>();
        steps.put("c1", new StepOutcome(StepStatus.SUCCEEDED, 1, null, null, null, null, "sunny", null));
        steps.put("c2", new StepOutcome(StepStatus.SUCCEEDED, 1, null, null, null, null, Map.of("n", 1), null));
        steps.put("c3", new StepOutcome(StepStatus.SKIPPED, 0, null, null, null, null, null, "c9 did not succeed"));
        steps.put("c4", new StepOutcome(StepStatus.UNKNOWN, 1, null, null, null, null, null, null));
        return steps;
    }

    @Test
    void shouldAnswerEachOpenAiCallWithAToolMessageInOrder() {
        assertThat(messages.of(Dialect.OPENAI, outcomes()))
                .containsExactly(
                        Map.of("role", "tool", "tool_call_id", "c1", "content", "sunny"),
                        Map.of("role", "tool", "tool_call_id", "c2", "content", "{\"n\":1}"),
                        Map.of("role", "tool", "tool_call_id", "c3", "content", "SKIPPED: c9 did not succeed"),
                        Map.of("role", "tool", "tool_call_id", "c4", "content", "UNKNOWN"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAnswerAnthropicWithOneUserMessageOfToolResults() {
        List<Map<String, Object>> out = messages.of(Dialect.ANTHROPIC, outcomes());

        assertThat(out).hasSize(1);
        assertThat(out.get(0)).containsEntry("role", "user");
        assertThat((List<Object>) out.get(0).get("content"))
                .containsExactly(
                        Map.of("type", "tool_result", "tool_use_id", "c1", "content", "sunny", "is_error", false),
                        Map.of("type", "tool_result", "tool_use_id", "c2", "content", "{\"n\":1}", "is_error", false),
                        Map.of(
                                "type",
                                "tool_result",
                                "tool_use_id",
                                "c3",
                                "content",
                                "SKIPPED: c9 did not succeed",
                                "is_error",
                                true),
                        Map.of("type", "tool_result", "tool_use_id", "c4", "content", "UNKNOWN", "is_error", true));
    }

    @Test
    void shouldGiveNoMessagesForExplicitSteps() {
        assertThat(messages.of(Dialect.STEPS, outcomes())).isEmpty();
        assertThat(messages.of(Dialect.ANTHROPIC, Map.of())).isEmpty();
    }

    @Test
    void shouldAnswerEveryCallOfARejectedPlanWithTheErrors() {
        List<PlanError> errors = List.of(
                new PlanError(List.of("a"), "duplicate step id 'a': steps #1 and #2 both use it"),
                new PlanError(List.of("b"), "step 'b': depends_on names 'x', which is not a step of this plan"));

        assertThat(messages.rejected(Dialect.OPENAI, List.of("a", "b"), errors))
                .extracting(m -> m.get("content"))
                .containsOnly("REJECTED: duplicate step id 'a': steps #1 and #2 both use it; step 'b': depends_on"
                        + " names 'x', which is not a step of this plan");
    }

    @Test
    void shouldGiveEachCallOfAPlanResultItsTextAndWhetherItIsAnError() {
        PlanResult ran = new PlanResult("p1", PlanStatus.PARTIAL, Dialect.OPENAI, null, outcomes(), null, null);

        assertThat(messages.content(ran, "c1")).isEqualTo("sunny");
        assertThat(ToolMessages.isError(ran, "c1")).isFalse();
        assertThat(messages.content(ran, "c3")).isEqualTo("SKIPPED: c9 did not succeed");
        assertThat(ToolMessages.isError(ran, "c3")).isTrue();
        assertThat(messages.content(ran, "c7"))
                .isEqualTo("NO_RESULT: plan p1 ended PARTIAL without a result for this call");
        assertThat(ToolMessages.isError(ran, "c7")).isTrue();

        PlanResult rejected = new PlanResult(
                "p2",
                PlanStatus.REJECTED,
                Dialect.OPENAI,
                null,
                null,
                null,
                List.of(new PlanError(List.of("a"), "tool 'nope' is not registered")));
        assertThat(messages.content(rejected, "a")).isEqualTo("REJECTED: tool 'nope' is not registered");
        assertThat(ToolMessages.isError(rejected, "a")).isTrue();
    }

    @Test
    void shouldWriteANullOutputAsJsonNull() {
        StepOutcome nothing = new StepOutcome(StepStatus.SUCCEEDED, 1, null, null, null, null, null, null);

        assertThat(messages.content(nothing)).isEqualTo("null");
    }
}
