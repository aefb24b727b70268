package io.planexec.cli;

import io.planexec.cli.cluster.DevState;
import io.planexec.config.CommonSettings;
import io.planexec.executor.ExecutorMain;
import io.planexec.executor.source.ToolSource;
import io.planexec.mcp.McpConfig;
import io.planexec.mcp.McpConfigException;
import io.planexec.mcp.McpTools;
import io.planexec.openapi.OpenApiConfig;
import io.planexec.openapi.OpenApiConfigException;
import io.planexec.openapi.OpenApiTools;
import io.planexec.planner.PlannerMain;
import io.planexec.standalone.demo.DemoTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
                "PLANEXEC_CLASSPATH=my-tools.jar), the demo tools with --demo-tools, and the tools of the MCP",
                "servers of --mcp-config and the operations of the OpenAPI services of --openapi-tools.",
                "Without --bootstrap (or",
                "--config, PLANEXEC_BOOTSTRAP_SERVERS) it joins the running 'planexec dev'. Executors with",
                "different tools need different task queues: --queue NAME.",
                "",
                "Exit codes: 0 after a clean stop, 1 a consumer failed, 2 bad usage or settings."
            })
    static final class Executor implements Callable<Integer> {

        @Mixin
        ExecutorMain.Options options;

        @Option(names = "--demo-tools", description = "Serve the demo tools (as 'planexec dev' does).")
        boolean demoTools;

        @Option(
                names = "--mcp-config",
                paramLabel = "FILE",
                description = "Serve the tools of the MCP servers of FILE ({\"mcpServers\": ...}, the format MCP"
                        + " clients use), as SERVER__TOOL (docs/tools.md).")
        Path mcpConfig;

        @Option(
                names = "--openapi-tools",
                paramLabel = "FILE",
                description = "Serve the operations of the OpenAPI services of FILE as SERVICE__OPERATION"
                        + " (docs/tools.md).")
        Path openApiTools;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, String> env = System.getenv();
            Optional<DevState> dev = DevState.read();
            if (dev.isPresent() && namesNoCluster(env)) {
                options.fallBackTo(dev.get().bootstrapServers(), dev.get().topicPrefix());
                spec.commandLine()
                        .getErr()
                        .println("planexec executor: no cluster given: using the running 'planexec dev' at "
                                + dev.get().bootstrapServers() + " (topic prefix "
                                + dev.get().topicPrefix() + ")");
            }
            List<ToolSource> sources = new ArrayList<>();
            try {
                if (mcpConfig != null) {
                    sources.add(new McpTools(McpConfig.read(mcpConfig, env)));
                }
                if (openApiTools != null) {
                    sources.add(new OpenApiTools(OpenApiConfig.read(openApiTools, env)));
                }
            } catch (McpConfigException | OpenApiConfigException e) {
                spec.commandLine().getErr().println("planexec executor: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            return ExecutorMain.run(options, env, demoTools ? new DemoTools().tools() : List.of(), sources);
        }

        private boolean namesNoCluster(Map<String, String> env) {
            try {
                return !options.settings(env).containsKey(CommonSettings.BOOTSTRAP_SERVERS);
            } catch (IllegalArgumentException e) {
                return false; // an unreadable --config file: ExecutorMain says so
            }
        }
    }
}
