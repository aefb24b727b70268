package io.planexec.wire;

import io.planexec.model.Dialect;
import io.planexec.model.PlanError;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plan's results as messages in its request's dialect, ready to append to the agent's conversation (the {@code
 * messages} of a PlanResult, docs/protocol.md "Tool messages"):
 *
 * <ul>
 *   <li>OPENAI: one {@code {"role": "tool", "tool_call_id": id, "content": text}} message per tool call;
 *   <li>ANTHROPIC: one {@code {"role": "user", "content": [...]}} message holding a {@code {"type": "tool_result",
 *       "tool_use_id": id, "content": text, "is_error": bool}} block per tool call;
 *   <li>STEPS: no messages (the outputs are in the PlanResult's {@code steps}).
 * </ul>
 *
 * The text of a step that succeeded is its output: a JSON string as is, any other value as compact JSON. The text of
 * any other step is {@code STATUS: error}, and it is an error ({@code is_error}). Every call gets exactly one result,
 * in request order. Thread-safe.
 */
public final class ToolMessages {

    private final StrictJson json;

    public ToolMessages(StrictJson json) {
        this.json = json;
    }

    /** The messages of a plan that ran, from its steps' outcomes in request order. */
    public List<Map<String, Object>> of(Dialect dialect, Map<String, StepOutcome> steps) {
        List<Result> results = new ArrayList<>(steps.size());
        steps.forEach((id, outcome) ->
                results.add(new Result(id, content(outcome), outcome.status() != StepStatus.SUCCEEDED)));
        return messages(dialect, results);
    }

    /** The messages of a rejected plan: every call gets {@code REJECTED: } and the errors, joined by {@code ; }. */
    public List<Map<String, Object>> rejected(Dialect dialect, List<String> stepIds, List<PlanError> errors) {
        String text = rejection(errors);
        return messages(
                dialect, stepIds.stream().map(id -> new Result(id, text, true)).toList());
    }

    /**
     * The text of one call's result in a plan's result, for a framework that makes its own messages: its step's
     * {@link #content(StepOutcome)}; the rejection when the plan was rejected; else that the plan gave it none.
     */
    public String content(PlanResult result, String stepId) {
        StepOutcome outcome = result.steps().get(stepId);
        if (outcome != null) {
            return content(outcome);
        }
        if (result.status() == PlanStatus.REJECTED) {
            return rejection(result.errors());
        }
        return "NO_RESULT: plan " + result.planId() + " ended " + result.status() + " without a result for this call";
    }

    /** Whether one call's result in a plan's result is an error: its step did not succeed, or has no outcome. */
    public static boolean isError(PlanResult result, String stepId) {
        StepOutcome outcome = result.steps().get(stepId);
        return outcome == null || outcome.status() != StepStatus.SUCCEEDED;
    }

    private static String rejection(List<PlanError> errors) {
        return "REJECTED: " + errors.stream().map(PlanError::message).collect(Collectors.joining("; "));
    }

    /** The text of one step's result. */
    public String content(StepOutcome outcome) {
        if (outcome.status() == StepStatus.SUCCEEDED) {
            return outcome.output() instanceof String s ? s : json.writeValueString(outcome.output());
        }
        return outcome.error() == null
                ? outcome.status().name()
                : outcome.status().name() + ": " + outcome.error();
    }

    private record Result(String id, String content, boolean isError) {}

    private static List<Map<String, Object>> messages(Dialect dialect, List<Result> results) {
        return switch (dialect) {
            case OPENAI ->
                results.stream()
                        .map(r -> message("role", "tool", "tool_call_id", r.id(), "content", r.content()))
                        .toList();
            case ANTHROPIC -> {
                if (results.isEmpty()) {
                    yield List.of();
                }
                List<Map<String, Object>> blocks = new ArrayList<>(results.size());
                for (Result r : results) {
                    Map<String, Object> block =
                            message("type", "tool_result", "tool_use_id", r.id(), "content", r.content());
                    block.put("is_error", r.isError());
                    blocks.add(block);
                }
                yield List.of(message("role", "user", "content", blocks));
            }
            case STEPS -> List.of();
        };
    }

    /** An ordered map of key/value pairs. */
    private static Map<String, Object> message(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
