package io.planexec.cli;

import io.planexec.cli.explain.ExplainFormat;
import io.planexec.cli.explain.ExplainReport;
import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.RequestMessage;
import io.planexec.model.ToolSpec;
import io.planexec.plan.Planner;
import io.planexec.plan.ToolCatalog;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code planexec explain}: plans a request offline and shows the DAG and why each edge exists. */
@Command(
        name = "explain",
        header = "Plans a request offline and shows the DAG and why each edge exists.",
        mixinStandardHelpOptions = true,
        description = {
            "Plans a request against tool specs without running anything, and shows the DAG:",
            "which steps run at once, which wait, and why.",
            "",
            "Exit codes: 0 accepted, 1 rejected, 2 bad usage or unreadable files (an unreadable request is shown",
            "as the planner would reject it, and exits 2 like submit)."
        })
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REQUEST.json", description = "The request (any dialect); - reads stdin.")
    String requestFile;

    @Option(
            names = "--tools",
            required = true,
            paramLabel = "TOOLS.json",
            description = "A JSON array of tool specs in the wire format; - reads stdin.")
    String toolsFile;

    @Option(
            names = "--format",
            defaultValue = "text",
            paramLabel = "FORMAT",
            converter = FormatConverter.class,
            description = "text (default), json, dot or mermaid.")
    ExplainFormat format;

    private final WireFormat wire = new WireFormat();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (requestFile.equals("-") && toolsFile.equals("-")) {
            throw new UsageException("the request and the tools cannot both come from standard input");
        }
        int limit = wire.json().limits().maxDocumentBytes();
        List<ToolSpec> specs;
        byte[] toolBytes = InputFiles.read(toolsFile, "tools file", System.in, limit);
        try {
            specs = wire.readToolSpecs(toolBytes);
        } catch (WireFormatException e) {
            throw new UsageException("tools file '" + toolsFile + "': " + e.getMessage());
        }
        byte[] requestBytes = InputFiles.read(requestFile, "request file", System.in, limit);
        ExplainReport report;
        boolean unreadable = false;
        try {
            RequestMessage message = wire.readRequest(requestBytes);
            if (message instanceof CancelRequest) {
                throw new UsageException("request file '" + requestFile + "' is a cancel request, not a plan");
            }
            AgentRequest request = (AgentRequest) message;
            report = ExplainReport.of(request, new Planner().plan(request, ToolCatalog.of(specs)));
        } catch (WireFormatException e) {
            report = ExplainReport.unreadable(
                    wire.recoverPlanId(requestBytes), "request is not valid: " + e.getMessage());
            unreadable = true;
        }
        out.print(format.render(report, wire.json()));
        out.flush();
        if (unreadable) {
            return ExitCodes.USAGE;
        }
        return report.accepted() ? ExitCodes.OK : ExitCodes.NOT_SUCCESSFUL;
    }

    /** Case-insensitive format names. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ExplainFormat> {
        @Override
        public ExplainFormat convert(String value) {
            for (ExplainFormat f : ExplainFormat.values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException(
                    "'" + value + "' is not a format: use text, json, dot or mermaid");
        }
    }
}
