package io.planexec.plan;

import io.planexec.model.PlanError;
import java.util.List;

/**
 * A request that cannot run: every problem found, each naming its steps.
 *
 * @param planId the plan
 * @param errors what is wrong (at least one)
 */
public record Rejection(String planId, List<PlanError> errors) implements PlanningOutcome {

    public Rejection {
        errors = List.copyOf(errors);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one error");
        }
    }
}
