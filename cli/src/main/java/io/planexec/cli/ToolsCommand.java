package io.planexec.cli;

import io.planexec.cli.cluster.ClusterOptions;
import io.planexec.cli.render.ToolText;
import io.planexec.client.RegisteredExecutors;
import io.planexec.client.RegisteredTools;
import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.ToolSpec;
import io.planexec.wire.WireFormat;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code planexec tools}: the registered tools and their specs. */
@Command(
        name = "tools",
        header = "Lists the tools executors have registered, with their specs and executors.",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the tools executors have registered, with their specs, their task queues and the executors",
            "that serve them (running, stopped, or gone: from their heartbeats on <prefix>.executors, with when",
            "each was last seen). A tool's spec stays when its executors stop. '--format json' prints the specs",
            "in the tools-file format, ready for 'planexec explain --tools -'.",
            "",
            "Exit codes: 0 listed, 2 bad usage or the cluster is unreachable."
        })
final class ToolsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text (default) or json.")
    String format;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json, got '" + format + "'");
        }
        ClusterOptions.Cluster target = cluster.resolve();
        List<ToolSpec> tools;
        List<ExecutorHeartbeat> executors;
        try {
            tools = RegisteredTools.read(target.kafkaProperties(), target.topics(), Duration.ofSeconds(30));
            executors = format.equals("text")
                    ? RegisteredExecutors.read(target.kafkaProperties(), target.topics(), Duration.ofSeconds(30))
                    : List.of();
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            WireFormat wire = new WireFormat();
            out.println(wire.json()
                    .writePretty(wire.json().parse(new String(wire.writeToolSpecs(tools), StandardCharsets.UTF_8))));
        } else {
            out.print(ToolText.table(tools, executors, Instant.now()));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
