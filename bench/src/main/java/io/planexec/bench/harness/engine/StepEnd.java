package io.planexec.bench.harness.engine;

import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.plan.Edge;
import io.planexec.plan.PlannedStep;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** How a step ended in a baseline run, with its output when it succeeded. */
record StepEnd(StepStatus status, Object output) {

    static StepEnd succeeded(Object output) {
        return new StepEnd(StepStatus.SUCCEEDED, output);
    }

    static StepEnd failed() {
        return new StepEnd(StepStatus.FAILED, null);
    }

    static StepEnd skipped() {
        return new StepEnd(StepStatus.SKIPPED, null);
    }

    /**
     * The end of a step that is not to be called, as the planner decides it: FAILED when planning already failed it,
     * SKIPPED when a data-flow predecessor did not succeed; empty when it is to be called.
     *
     * @param succeeded whether the step of this id succeeded (asked only of its data-flow predecessors)
     */
    static Optional<StepEnd> withoutCalling(PlannedStep step, List<Edge> predecessors, Predicate<String> succeeded) {
        if (step.failsAtPlanning()) {
            return Optional.of(failed());
        }
        for (Edge e : predecessors) {
            if (e.isDataFlow() && !succeeded.test(e.from())) {
                return Optional.of(skipped());
            }
        }
        return Optional.empty();
    }

    boolean ok() {
        return status == StepStatus.SUCCEEDED;
    }

    /** SUCCEEDED when every step did, FAILED when none did, PARTIAL otherwise (as the planner decides). */
    static PlanStatus planStatus(List<StepEnd> ends) {
        long ok = ends.stream().filter(StepEnd::ok).count();
        if (ok == ends.size()) {
            return PlanStatus.SUCCEEDED;
        }
        return ok == 0 ? PlanStatus.FAILED : PlanStatus.PARTIAL;
    }
}
