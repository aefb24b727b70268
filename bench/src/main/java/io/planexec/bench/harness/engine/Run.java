package io.planexec.bench.harness.engine;

import io.planexec.model.AgentRequest;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;

/**
 * One plan run as the caller saw it.
 *
 * @param request what was run
 * @param startNanos when it was submitted ({@link System#nanoTime()})
 * @param endNanos when its result arrived ({@link System#nanoTime()})
 * @param submittedAtMs when it was submitted (epoch ms, comparable with the planner's and executor's times)
 * @param arrivedAtMs when its result arrived (epoch ms)
 * @param status how it ended
 * @param result planexec's PlanResult; {@code null} for the baselines
 */
public record Run(
        AgentRequest request,
        long startNanos,
        long endNanos,
        long submittedAtMs,
        long arrivedAtMs,
        PlanStatus status,
        PlanResult result) {

    /** From submission to the result's arrival: what an agent waits. */
    public long makespanNanos() {
        return endNanos - startNanos;
    }

    /** How many steps the plan has. */
    public int steps() {
        return request.steps().size();
    }
}
