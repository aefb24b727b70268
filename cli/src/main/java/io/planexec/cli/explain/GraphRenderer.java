package io.planexec.cli.explain;

import io.planexec.plan.Edge;
import io.planexec.plan.PlannedStep;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The plan as a graph: Graphviz dot and Mermaid. Data-flow edges are solid, ordering-only edges dashed. */
final class GraphRenderer {

    private GraphRenderer() {}

    static String dot(ExplainReport report) {
        StringBuilder out = new StringBuilder("digraph \"" + escape(String.valueOf(report.planId())) + "\" {\n");
        out.append("  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
        if (report.accepted()) {
            for (PlannedStep s : report.plan().steps()) {
                out.append("  \"")
                        .append(escape(s.id()))
                        .append("\" [label=\"")
                        .append(escape(s.id()))
                        .append("\\n")
                        .append(escape(s.step().tool()))
                        .append("\"");
                if (s.failsAtPlanning()) {
                    out.append(", color=red");
                }
                out.append("];\n");
            }
            for (Edge e : report.plan().edges()) {
                out.append("  \"")
                        .append(escape(e.from()))
                        .append("\" -> \"")
                        .append(escape(e.to()))
                        .append("\" [label=\"")
                        .append(escape(kinds(e)))
                        .append("\"")
                        .append(e.isDataFlow() ? "" : ", style=dashed")
                        .append("];\n");
            }
        } else {
            report.errors()
                    .forEach(e -> out.append("  // rejected: ")
                            .append(e.message().replace('\n', ' '))
                            .append('\n'));
        }
        return out.append("}\n").toString();
    }

    static String mermaid(ExplainReport report) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        if (!report.accepted()) {
            report.errors()
                    .forEach(e -> out.append("  %% rejected: ")
                            .append(e.message().replace('\n', ' '))
                            .append('\n'));
            return out.toString();
        }
        int n = 0;
        Map<String, String> ids = new HashMap<>();
        for (PlannedStep s : report.plan().steps()) {
            String node = "s" + n++;
            ids.put(s.id(), node);
            out.append("  ")
                    .append(node)
                    .append("[\"")
                    .append(quote(s.id()))
                    .append("<br/>")
                    .append(quote(s.step().tool()))
                    .append("\"]\n");
        }
        for (Edge e : report.plan().edges()) {
            out.append("  ")
                    .append(ids.get(e.from()))
                    .append(e.isDataFlow() ? " -->|" : " -.->|")
                    .append(quote(kinds(e)))
                    .append("| ")
                    .append(ids.get(e.to()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String kinds(Edge e) {
        return e.reasons().stream().map(r -> r.kind().wireName()).distinct().collect(Collectors.joining(","));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String quote(String s) {
        return s.replace("\"", "#quot;");
    }
}
