package io.planexec.cli;

import io.planexec.executor.ExecutorMain;
import io.planexec.planner.PlannerMain;
import io.planexec.standalone.demo.DemoTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

        @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings.")
        Path config;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "The Kafka cluster.")
        String bootstrap;

        @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Any setting, e.g. planner.threads=2.")
        Map<String, String> settings;

        @Override
        public Integer call() throws Exception {
            PlannerMain.main(arguments(config, bootstrap, settings, List.of()));
            return ExitCodes.OK;
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

        @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings.")
        Path config;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "The Kafka cluster.")
        String bootstrap;

        @Option(
                names = "--classes",
                paramLabel = "CLASSES",
                description = "The latency classes served, e.g. fast,medium (default: all).")
        String classes;

        @Option(
                names = "--instance-id",
                paramLabel = "ID",
                description = "This process's stable id (default: host name).")
        String instanceId;

        @Option(names = "--demo-tools", description = "Serve the demo tools (as 'planexec dev' does).")
        boolean demoTools;

        @Option(
                names = "--set",
                paramLabel = "NAME=VALUE",
                description = "Any setting, e.g. executor.max.in.flight=64.")
        Map<String, String> settings;

        @Override
        public Integer call() {
            List<String> extra = new ArrayList<>();
            if (classes != null) {
                extra.addAll(List.of("--classes", classes));
            }
            if (instanceId != null) {
                extra.addAll(List.of("--instance-id", instanceId));
            }
            return ExecutorMain.run(
                    arguments(config, bootstrap, settings, extra),
                    System.getenv(),
                    demoTools ? new DemoTools().tools() : List.of());
        }
    }

    private static String[] arguments(Path config, String bootstrap, Map<String, String> settings, List<String> extra) {
        List<String> args = new ArrayList<>();
        if (config != null) {
            args.addAll(List.of("--config", config.toString()));
        }
        if (bootstrap != null) {
            args.addAll(List.of("--bootstrap", bootstrap));
        }
        if (settings != null) {
            settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        }
        args.addAll(extra);
        return args.toArray(String[]::new);
    }
}
