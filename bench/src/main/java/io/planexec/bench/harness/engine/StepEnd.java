package io.planexec.bench.harness.engine;

import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import java.util.List;

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
