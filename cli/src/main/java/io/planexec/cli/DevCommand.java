package io.planexec.cli;

import io.planexec.cli.cluster.DevState;
import io.planexec.executor.source.ToolSource;
import io.planexec.mcp.McpConfig;
import io.planexec.mcp.McpConfigException;
import io.planexec.mcp.McpTools;
import io.planexec.openapi.OpenApiConfig;
import io.planexec.openapi.OpenApiConfigException;
import io.planexec.openapi.OpenApiTools;
import io.planexec.standalone.Standalone;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code planexec dev}: everything in one process, on an embedded Kafka broker, until Ctrl-C. */
@Command(
        name = "dev",
        header = "Starts everything in one process (an embedded broker, the planner, an executor) until Ctrl-C.",
        mixinStandardHelpOptions = true,
        description = {
            "Starts everything in one process: an embedded Kafka broker (a real one), the planner, and an",
            "executor with the demo tools, the tools of every ToolProvider on the class path (with",
            "./planexec: PLANEXEC_CLASSPATH=my-tools.jar), those of the MCP servers of --mcp-config and the",
            "operations of the OpenAPI services of --openapi-tools.",
            "Prints where to connect and an example to submit;",
            "the other verbs (submit, watch, tools, cancel) find it without options. Ctrl-C stops everything.",
            "",
            "Exit codes: 0 after Ctrl-C, 2 when it cannot start (the message says why)."
        })
final class DevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "The broker's port (default: a free one).")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keep the broker's data and the planner's state here across restarts (default: fresh).")
    Path dataDir;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Use this existing Kafka cluster instead of the embedded broker.")
    String bootstrap;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            defaultValue = "planexec",
            description = "Default: ${DEFAULT-VALUE}.")
    String topicPrefix;

    @Option(
            names = "--http-port",
            paramLabel = "N",
            defaultValue = "${env:PLANEXEC_HTTP_PORT:-0}",
            description = "The port of /metrics and /health/* on 127.0.0.1 (default: PLANEXEC_HTTP_PORT, else a free"
                    + " one; -1: no HTTP).")
    int httpPort;

    @Option(names = "--no-demo-tools", description = "Serve only the tools on the class path, not the demo tools.")
    boolean noDemoTools;

    @Option(
            names = "--mcp-config",
            paramLabel = "FILE",
            description = "Serve the tools of the MCP servers of FILE ({\"mcpServers\": ...}, the format MCP clients"
                    + " use), as SERVER__TOOL (docs/tools.md).")
    Path mcpConfig;

    @Option(
            names = "--openapi-tools",
            paramLabel = "FILE",
            description =
                    "Serve the operations of the OpenAPI services of FILE as SERVICE__OPERATION" + " (docs/tools.md).")
    Path openApiTools;

    @Option(
            names = "--start-timeout",
            defaultValue = "2m",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long to wait for everything to be ready (default ${DEFAULT-VALUE}; a slow or busy"
                    + " machine may need more).")
    Duration startTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65_535) {
            throw new UsageException("--port must be between 1 and 65535, got " + port);
        }
        if (httpPort < -1 || httpPort > 65_535) {
            throw new UsageException("--http-port must be between 0 and 65535 (or -1 for none), got " + httpPort);
        }
        if (bootstrap != null && (port != 0 || dataDir != null)) {
            throw new UsageException("--bootstrap uses an existing cluster: --port and --data-dir are for the embedded"
                    + " broker, leave them out");
        }
        List<ToolSource> sources = sources();
        out.println("planexec dev: starting " + (mcpConfig == null ? "" : "the MCP servers, ")
                + (bootstrap == null ? "an embedded Kafka broker, " : "") + "the planner and an executor...");
        out.flush();
        Standalone.Builder builder = Standalone.builder()
                .topicPrefix(topicPrefix)
                .port(port)
                .startTimeout(startTimeout)
                .toolbox(DevTools.toolbox(!noDemoTools, DevCommand.class.getClassLoader(), sources));
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (httpPort >= 0) {
            builder.httpPort(httpPort);
        }
        if (bootstrap != null) {
            builder.bootstrap(bootstrap);
        }
        Standalone planexec;
        try {
            planexec = builder.start();
        } catch (IllegalStateException e) {
            closeAll(sources);
            throw new UsageException("could not start: " + e.getMessage());
        } catch (RuntimeException e) {
            closeAll(sources);
            throw e;
        }
        DevState state = new DevState(
                planexec.bootstrapServers(),
                planexec.topics().prefix(),
                ProcessHandle.current().pid(),
                planexec.httpUrl().map(url -> url + "/metrics").orElse(null));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            state.delete();
                            planexec.close();
                            closeAll(sources);
                            stopped.countDown();
                        },
                        "planexec-dev-shutdown"));
        state.write();
        printReady(out, planexec);
        stopped.await();
        return ExitCodes.OK;
    }

    /** The tool sources of the options (not opened yet). */
    private List<ToolSource> sources() {
        List<ToolSource> sources = new ArrayList<>();
        try {
            if (mcpConfig != null) {
                sources.add(new McpTools(McpConfig.read(mcpConfig, System.getenv())));
            }
            if (openApiTools != null) {
                sources.add(new OpenApiTools(OpenApiConfig.read(openApiTools, System.getenv())));
            }
        } catch (McpConfigException | OpenApiConfigException e) {
            throw new UsageException(e.getMessage());
        }
        return sources;
    }

    private static void closeAll(List<ToolSource> sources) {
        sources.forEach(ToolSource::close);
    }

    private static void printReady(PrintWriter out, Standalone planexec) {
        var topics = planexec.topics();
        out.printf("planexec dev: ready in %.1f s%n", planexec.startedIn().toMillis() / 1000.0);
        out.println("  bootstrap  " + planexec.bootstrapServers()
                + (planexec.embeddedBroker() ? "  (embedded Kafka broker)" : ""));
        out.println("  requests   " + topics.requests() + "    results " + topics.planResults() + "    events "
                + topics.events());
        out.println(
                "  steps      " + topics.prefix() + ".steps.{fast,medium,slow,very_slow}    tools " + topics.tools());
        out.println("  tools      "
                + String.join(", ", new java.util.TreeSet<>(planexec.toolbox().names())));
        planexec.httpUrl()
                .ifPresent(url -> out.println("  metrics    " + url + "/metrics    health " + url + "/health/ready"));
        out.println("try, in another terminal:");
        out.println("  ./planexec submit examples/openai-weather-news.json");
        out.println("  ./planexec watch");
        out.println("Ctrl-C stops everything.");
        out.flush();
    }
}
