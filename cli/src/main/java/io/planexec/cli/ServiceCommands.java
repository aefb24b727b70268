package io.planexec.cli;

import io.planexec.executor.ExecutorMain;
import io.planexec.planner.PlannerMain;
import io.planexec.standalone.demo.DemoTools;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The production verbs: one service per process, against an existing cluster. */
final class ServiceCommands {

    private ServiceCommands() {}

    /** {@code planexec planner}: the planner service. */
    @Command(
            name = "planner",
            header = "Runs the planner service (Kafka Streams) against a cluster until stopped.",
            mixinStandardHelpOptions = true,
            description = {
                "Runs the planner service (Kafka Streams) against a cluster, until stopped (SIGTERM, Ctrl-C).",
                "Settings: the --config file, then PLANEXEC_* variables, then --bootstrap and --set (see",
                "docs/operations.md).",
                "",
                "Exit codes: 0 after a clean stop, 1 it could not start, 2 bad usage or settings."
            })
    static final class Planner implements Callable<Integer> {

        @Mixin
        PlannerMain.Options options;

        @Override
        public Integer call() throws Exception {
            return PlannerMain.run(options, System.getenv());
        }
    }

    /** {@code planexec executor}: an executor process. */
    @Command(
            name = "executor",
            header = "Runs an executor against a cluster until stopped: the tools on its class path.",
            mixinStandardHelpOptions = true,
            description = {
                "Runs an executor against a cluster, until stopped (SIGTERM, Ctrl-C): the tools of every",
                "io.planexec.executor.tool.ToolProvider on the class path (with ./planexec:",
                "PLANEXEC_CLASSPATH=my-tools.jar), or the demo tools with --demo-tools, for the latency classes",
                "given.",
                "",
                "Exit codes: 0 after a clean stop, 1 a consumer failed, 2 bad usage or settings."
            })
    static final class Executor implements Callable<Integer> {

        @Mixin
        ExecutorMain.Options options;

        @Option(names = "--demo-tools", description = "Serve the demo tools (as 'planexec dev' does).")
        boolean demoTools;

        @Override
        public Integer call() {
            return ExecutorMain.run(options, System.getenv(), demoTools ? new DemoTools().tools() : List.of());
        }
    }
}
