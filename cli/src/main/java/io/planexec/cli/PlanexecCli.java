package io.planexec.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code planexec} command. */
@Command(
        name = "planexec",
        mixinStandardHelpOptions = true,
        versionProvider = PlanexecCli.Version.class,
        description = "Runs the tool calls of AI agents as a dependency graph over Apache Kafka.",
        subcommands = {
            DevCommand.class,
            ClusterCommand.class,
            DemoCommand.class,
            SubmitCommand.class,
            WatchCommand.class,
            TopCommand.class,
            ToolsCommand.class,
            CancelCommand.class,
            ExplainCommand.class,
            BenchCommand.class,
            ServiceCommands.Planner.class,
            ServiceCommands.Executor.class
        })
public final class PlanexecCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "name a verb, e.g. planexec explain --help");
    }

    public static void main(String[] args) {
        System.exit(execute(
                args,
                new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, UTF_8)), true),
                new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.err, UTF_8)), true)));
    }

    /** The width of every verb's help, in characters. */
    static final int HELP_WIDTH = 120;

    /** Runs the command with these streams and returns the exit code (for tests and embedding). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new PlanexecCli());
        // The descriptions are written in lines of up to HELP_WIDTH - 6 characters (help indents them); picocli's
        // default of 80 would fold every one of them in two.
        cli.setUsageHelpWidth(HELP_WIDTH);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException) {
                commandLine.getErr().println("planexec: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return ExitCodes.USAGE;
            }
            // Anything else is a failure the user cannot fix by changing the command line alone (cluster down, ...):
            // say what it is, without a stack trace.
            commandLine.getErr().println("planexec: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCodes.USAGE;
        });
        cli.setParameterExceptionHandler((e, args2) -> {
            e.getCommandLine().getErr().println("planexec: " + e.getMessage());
            e.getCommandLine()
                    .getErr()
                    .println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                            + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PlanexecCli.class.getPackage().getImplementationVersion();
            return new String[] {"planexec " + (v == null ? "(development build)" : v)};
        }
    }
}
