package io.planexec.cli;

import io.planexec.bench.harness.BenchResults;
import io.planexec.bench.harness.BenchRunner;
import io.planexec.bench.harness.BenchSettings;
import io.planexec.bench.harness.scenario.DevLauncher;
import io.planexec.bench.harness.scenario.Scale;
import io.planexec.cli.cluster.DevState;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code planexec bench}: the end-to-end benchmark, against serial and in-process baselines in the same run. */
@Command(
        name = "bench",
        header = "Measures planexec end to end against serial and in-process runs of the same plans.",
        mixinStandardHelpOptions = true,
        description = {
            "Measures planexec end to end on an embedded Kafka broker (or --bootstrap for a real cluster): each",
            "scenario runs on planexec and, on the same plans and tools, serially (an agent loop) and in-process",
            "(CompletableFutures in one JVM). Warms up, measures with HdrHistogram, prints a table and writes the",
            "results as JSON (format: docs/benchmarks.md).",
            "",
            "Scenarios: independent3, chain10, throughput, fanout1000, hot_resource, seed, startup (the last",
            "starts 'planexec dev' as a child process with this process's JVM options, or --dev-jvm-options).",
            "A full run takes about 6 minutes; --scale smoke runs every scenario in seconds (figures meaningless).",
            "",
            "Exit codes: 0 every scenario ran (the table says which targets were met), 1 a scenario failed,",
            "2 bad usage or planexec could not start."
        })
final class BenchCommand implements Callable<Integer> {

    /** The heap options the launcher gives {@code planexec dev}, which it passes to {@code bench} in this property. */
    static final String DEV_HEAP = "planexec.bench.dev.heap";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--scenario",
            split = ",",
            paramLabel = "NAME",
            description = "Run only these scenarios (repeat or separate with commas; default: all).")
    List<String> scenarios;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            defaultValue = "bench-results.json",
            description = "Write the results here (default: ${DEFAULT-VALUE}).")
    Path json;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Run against this Kafka cluster instead of an embedded broker (the planner and executor"
                    + " still run in this process, on fresh topics).")
    String bootstrap;

    @Option(
            names = "--scale",
            paramLabel = "SCALE",
            defaultValue = "full",
            description = "full (default, about 6 minutes) or smoke (every scenario in seconds).")
    String scale;

    @Option(
            names = "--dev-jvm-options",
            paramLabel = "OPTIONS",
            description = "JVM options for the 'planexec dev' child of the startup scenario (default: what"
                    + " './planexec dev' would get: the launcher's heap for dev, or PLANEXEC_HEAP_OPTS, then this"
                    + " process's own options, i.e. the launcher's class archive and PLANEXEC_JAVA_OPTS).")
    String devJvmOptions;

    @Option(
            names = "--set",
            paramLabel = "NAME=VALUE",
            description = "A planner or executor setting for the harness's own planexec (repeatable), to measure"
                    + " another configuration; the results file records them. Default: as shipped.")
    Map<String, String> set;

    @Override
    public Integer call() throws Exception {
        LogLevels.quietServices();
        PrintWriter out = spec.commandLine().getOut();
        BenchSettings settings;
        try {
            settings = new BenchSettings(
                    Scale.named(scale),
                    scenarios == null ? BenchRunner.SCENARIOS : scenarios,
                    bootstrap,
                    new ChildDev(devJvmOptions == null ? currentJvmOptions() : split(devJvmOptions)),
                    json,
                    "planexec "
                            + String.join(
                                    " ", spec.commandLine().getParseResult().originalArgs()),
                    set);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        BenchResults results;
        try {
            results = BenchRunner.run(settings, out);
        } catch (IllegalStateException e) {
            throw new UsageException("could not start: " + e.getMessage());
        }
        boolean allRan = results.scenarios().stream().noneMatch(s -> s.figures().has("error"));
        return allRan ? ExitCodes.OK : ExitCodes.NOT_SUCCESSFUL;
    }

    /**
     * The options {@code ./planexec dev} would start with: the heap the launcher chose for it ({@value #DEV_HEAP}, set
     * by the launcher for {@code bench}), then this JVM's options without a debugger agent, the planexec home (the
     * child gets its own) or that property.
     */
    static List<String> devJvmOptions(List<String> jvmOptions, String devHeap) {
        List<String> options = new ArrayList<>(devHeap == null ? List.of() : split(devHeap));
        jvmOptions.stream()
                .filter(o -> !o.startsWith("-agentlib:jdwp")
                        && !o.startsWith("-D" + DevState.HOME_PROPERTY + "=")
                        && !o.startsWith("-D" + DEV_HEAP + "="))
                .forEach(options::add);
        return options;
    }

    private static List<String> currentJvmOptions() {
        return devJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty(DEV_HEAP));
    }

    private static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Starts {@code planexec dev} from this process's own class path, with its own planexec home. */
    private record ChildDev(List<String> jvmOptions) implements DevLauncher {

        @Override
        public List<String> command(String topicPrefix, String bootstrap) {
            Path home;
            try {
                home = Files.createTempDirectory("planexec-bench-dev-");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a home directory for planexec dev: " + e, e);
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-D" + DevState.HOME_PROPERTY + "=" + home);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(PlanexecCli.class.getName());
            command.add("dev");
            command.add("--topic-prefix");
            command.add(topicPrefix);
            if (bootstrap != null) {
                command.add("--bootstrap");
                command.add(bootstrap);
            }
            return command;
        }
    }
}
