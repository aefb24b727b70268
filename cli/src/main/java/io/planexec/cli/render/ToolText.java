package io.planexec.cli.render;

import io.planexec.model.ToolSpec;
import java.util.List;

/** Registered tools as a table. */
public final class ToolText {

    private ToolText() {}

    public static String table(List<ToolSpec> tools) {
        if (tools.isEmpty()) {
            return "no tools are registered\n";
        }
        int width = Math.max(
                4, tools.stream().mapToInt(t -> t.name().length()).max().orElse(4));
        StringBuilder out = new StringBuilder();
        out.append(ResultText.pad("tool", width)).append("  class      idempotent  timeout   cap  resources\n");
        for (ToolSpec t : tools) {
            out.append(ResultText.pad(t.name(), width))
                    .append("  ")
                    .append(ResultText.pad(t.latencyClass().name(), 9))
                    .append("  ")
                    .append(ResultText.pad(t.idempotent() ? "yes" : "no", 10))
                    .append("  ")
                    .append(ResultText.pad(t.timeoutMs() + " ms", 8))
                    .append("  ")
                    .append(ResultText.pad(
                            t.concurrencyCap() == null
                                    ? "-"
                                    : t.concurrencyCap().toString(),
                            3))
                    .append("  ")
                    .append(resources(t))
                    .append('\n');
        }
        return out.toString();
    }

    private static String resources(ToolSpec t) {
        if (!t.hasResourceInfo()) {
            return "unknown (runs alone)";
        }
        if (t.reads().isEmpty() && t.writes().isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        if (!t.reads().isEmpty()) {
            out.append("reads ").append(String.join(", ", t.reads()));
        }
        if (!t.writes().isEmpty()) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append("writes ").append(String.join(", ", t.writes()));
        }
        return out.toString();
    }
}
