package io.planexec.planner.state;

import io.planexec.model.JsonValues;
import io.planexec.model.LatencyClass;
import java.util.List;
import java.util.Map;

/**
 * A step as the planner needs it after acceptance: what to release, where, with which policy, and what it waits for.
 *
 * @param index its position in the request (0-based)
 * @param id the step id (the tool call id in the tool-call dialects)
 * @param tool the tool's name
 * @param args the arguments as requested (references still unresolved)
 * @param latencyClass its tool's latency class (for the per-class meters)
 * @param queue the task queue (step topic) it is released to
 * @param routingKey the record key of its step task
 * @param timeoutMs how long one call may take (from the tool's spec)
 * @param idempotent whether the tool may be retried
 * @param maxRetries retries an executor may make within one release
 * @param planningError why the step fails without running (unknown tool, unparseable arguments), or {@code null}
 * @param predecessors the edges into the step
 */
public record StepDefinition(
        int index,
        String id,
        String tool,
        Map<String, Object> args,
        LatencyClass latencyClass,
        String queue,
        String routingKey,
        long timeoutMs,
        boolean idempotent,
        int maxRetries,
        String planningError,
        List<Dependency> predecessors) {

    public StepDefinition {
        if (id == null || id.isEmpty() || tool == null || routingKey == null || latencyClass == null || queue == null) {
            throw new IllegalArgumentException(
                    "step #" + index + ": id, tool, routing key, latency class and queue needed");
        }
        args = JsonValues.freezeObject(args);
        predecessors = List.copyOf(predecessors);
    }

    /** Whether the step fails at planning time and is never released. */
    public boolean failsAtPlanning() {
        return planningError != null;
    }
}
