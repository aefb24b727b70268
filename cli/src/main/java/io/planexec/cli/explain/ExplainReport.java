package io.planexec.cli.explain;

import io.planexec.model.AgentRequest;
import io.planexec.model.PlanError;
import io.planexec.model.PlanStep;
import io.planexec.plan.Plan;
import io.planexec.plan.PlanningOutcome;
import io.planexec.plan.Rejection;
import java.util.List;

/**
 * What {@code planexec explain} shows: the plan of an accepted request, or the errors of a rejected one.
 *
 * @param planId the plan id ({@code null} when the request could not even be read)
 * @param steps the request's steps ({@code null} when it could not be read)
 * @param plan the plan, or {@code null} when rejected
 * @param errors why it was rejected (empty when accepted)
 */
public record ExplainReport(String planId, List<PlanStep> steps, Plan plan, List<PlanError> errors) {

    public ExplainReport {
        steps = steps == null ? List.of() : List.copyOf(steps);
        errors = List.copyOf(errors);
    }

    /** The report of a planning outcome. */
    public static ExplainReport of(AgentRequest request, PlanningOutcome outcome) {
        if (outcome instanceof Plan plan) {
            return new ExplainReport(plan.planId(), request.steps(), plan, List.of());
        }
        return new ExplainReport(request.planId(), request.steps(), null, ((Rejection) outcome).errors());
    }

    /** The report of a request that could not be read at all. */
    public static ExplainReport unreadable(String planId, String message) {
        return new ExplainReport(planId, List.of(), null, List.of(new PlanError(List.of(), message)));
    }

    public boolean accepted() {
        return plan != null;
    }
}
