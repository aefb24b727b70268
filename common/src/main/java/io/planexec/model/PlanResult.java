package io.planexec.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one result of a plan, sent to the request's {@code reply_to}.
 *
 * @param planId the plan
 * @param status its outcome
 * @param dialect the request's dialect, which fixes the shape of {@code messages}
 * @param messages the results as messages to append to the agent's conversation, one per tool call (OpenAI: {@code
 *     role: tool} messages; Anthropic: one user message of {@code tool_result} blocks; STEPS: empty, see {@code steps})
 * @param steps per-step detail, keyed by step id, in request order
 * @param stats timing
 * @param errors why the plan was rejected (empty otherwise)
 */
public record PlanResult(
        String planId,
        PlanStatus status,
        Dialect dialect,
        List<Map<String, Object>> messages,
        Map<String, StepOutcome> steps,
        PlanStats stats,
        List<PlanError> errors) {

    public PlanResult {
        AgentRequest.requirePlanId(planId);
        if (status == null || !status.isTerminal()) {
            throw new IllegalArgumentException(
                    "plan '" + planId + "': a result needs a terminal status, got " + status);
        }
        dialect = dialect == null ? Dialect.STEPS : dialect;
        messages = messages == null
                ? List.of()
                : messages.stream().map(JsonValues::freezeObject).toList();
        steps = steps == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        stats = stats == null ? PlanStats.EMPTY : stats;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
