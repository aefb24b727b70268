package io.planexec.bench.harness.engine;

import io.planexec.model.AgentRequest;
import io.planexec.plan.Plan;
import io.planexec.plan.Planner;
import io.planexec.plan.PlanningOutcome;
import io.planexec.plan.Rejection;
import io.planexec.plan.ToolCatalog;

/** Plans a request with the pure planner, for the baselines. */
final class Plans {

    private Plans() {}

    /**
     * The plan of a request.
     *
     * @throws IllegalArgumentException with the planner's errors when it rejects the request
     */
    static Plan plan(Planner planner, AgentRequest request, ToolCatalog tools) {
        PlanningOutcome outcome = planner.plan(request, tools);
        if (outcome instanceof Rejection rejection) {
            throw new IllegalArgumentException(
                    "plan '" + request.planId() + "' is rejected by the planner: " + rejection.errors());
        }
        return (Plan) outcome;
    }
}
