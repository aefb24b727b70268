package io.planexec.plan;

import io.planexec.model.LatencyClass;
import io.planexec.model.PlanStep;
import io.planexec.model.ResourceTemplate.Resource;
import io.planexec.model.ToolSpec;
import java.util.List;

/**
 * A step as planned: its tool's spec, the resources it touches for these arguments, and where it is published.
 *
 * @param index position in the request (0-based)
 * @param step the step as requested
 * @param spec its tool's spec, or {@code null} when the tool is unknown
 * @param reads resources read (resolved templates; prefixes for arguments known only at run time)
 * @param writes resources written
 * @param hasResourceInfo whether the spec says what the tool touches (if not, the step runs alone)
 * @param routingKey the record key of its StepTask: the routing key or first written resource, else {@code
 *     planId/stepId}
 * @param latencyClass its tool's latency class (for estimates)
 * @param queue the task queue (step topic) it is published to
 * @param error why the step fails without running (unknown tool, unparseable arguments), or {@code null}
 */
public record PlannedStep(
        int index,
        PlanStep step,
        ToolSpec spec,
        List<Resource> reads,
        List<Resource> writes,
        boolean hasResourceInfo,
        String routingKey,
        LatencyClass latencyClass,
        String queue,
        String error) {

    public PlannedStep {
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
    }

    public String id() {
        return step.id();
    }

    /** Whether the step fails at planning time and never runs. */
    public boolean failsAtPlanning() {
        return error != null;
    }
}
