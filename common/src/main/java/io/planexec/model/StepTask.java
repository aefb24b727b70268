package io.planexec.model;

import java.time.Instant;
import java.util.Map;

/**
 * A released step, as an executor receives it on {@code planexec.steps.<class>}: concrete arguments (every reference
 * already resolved) and everything needed to run it without asking anyone.
 *
 * @param planId the plan
 * @param stepId the step within the plan
 * @param tool the tool to call
 * @param args concrete arguments
 * @param release the release number of this step, starting at 1 (executors number their own attempts within it)
 * @param routingKey the record key: the written resource, or {@code planId/stepId} for a step that writes nothing
 * @param latencyClass the class (and so the topic) it was released to
 * @param deadline the step must not start after this instant (the plan's deadline)
 * @param timeoutMs how long one call may take
 * @param idempotent whether the call may be retried or re-run
 * @param maxRetries how many retries an idempotent call gets after its first attempt
 * @param idempotencyKey {@code planId/stepId/release}, for the tool to pass on to the systems it calls
 * @param releasedAt when the planner released it
 * @param startBy the step must not start after this instant either: set when it was released while no executor of
 *     its tool was running ({@code planner.unserved.timeout.ms} later); {@code null} otherwise
 */
public record StepTask(
        String planId,
        String stepId,
        String tool,
        Map<String, Object> args,
        int release,
        String routingKey,
        LatencyClass latencyClass,
        Instant deadline,
        long timeoutMs,
        boolean idempotent,
        int maxRetries,
        String idempotencyKey,
        Instant releasedAt,
        Instant startBy) {

    public StepTask {
        AgentRequest.requirePlanId(planId);
        requireText(stepId, "step_id");
        requireText(tool, "tool");
        requireText(routingKey, "routing_key");
        requireText(idempotencyKey, "idempotency_key");
        args = JsonValues.freezeObject(args);
        if (release < 1) {
            throw new IllegalArgumentException("release must be at least 1, got " + release);
        }
        if (latencyClass == null || deadline == null || releasedAt == null) {
            throw new IllegalArgumentException("latency_class, deadline and released_at must be given");
        }
        if (timeoutMs <= 0 || maxRetries < 0) {
            throw new IllegalArgumentException("timeout_ms must be positive and max_retries not negative");
        }
    }

    /** The same task with a start-by time. */
    public StepTask withStartBy(Instant at) {
        return new StepTask(
                planId,
                stepId,
                tool,
                args,
                release,
                routingKey,
                latencyClass,
                deadline,
                timeoutMs,
                idempotent,
                maxRetries,
                idempotencyKey,
                releasedAt,
                at);
    }

    /** The idempotency key of a release: {@code planId/stepId/release}; the attempts within it share it. */
    public static String idempotencyKey(String planId, String stepId, int release) {
        return planId + "/" + stepId + "/" + release;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
    }
}
