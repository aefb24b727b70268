package io.planexec.planner;

import io.planexec.planner.service.PlannerConfig;
import java.util.List;
import java.util.Map;

/** Opens {@link PlannerMain}'s argument handling to tests in other packages. */
public final class PlannerMainAccess {

    private PlannerMainAccess() {}

    public static PlannerConfig config(List<String> args, Map<String, String> env) {
        return PlannerMain.config(args, env);
    }
}
