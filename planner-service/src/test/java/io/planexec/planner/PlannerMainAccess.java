package io.planexec.planner;

import io.planexec.planner.service.PlannerConfig;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Opens {@link PlannerMain}'s argument handling to tests in other packages. */
public final class PlannerMainAccess {

    private PlannerMainAccess() {}

    /** Parses the arguments as the planner's entry points do, and builds the configuration they describe. */
    public static PlannerConfig config(List<String> args, Map<String, String> env) {
        PlannerMain main = new PlannerMain();
        new CommandLine(main).parseArgs(args.toArray(String[]::new));
        return main.options.config(env);
    }
}
