package io.planexec.cli.explain;

import io.planexec.wire.StrictJson;

/** The output formats of {@code planexec explain}. */
public enum ExplainFormat {
    /** For people: steps, each edge's reasons in words, levels, the critical path. */
    TEXT,
    /** A documented contract for programs (docs/protocol.md, "explain output"). */
    JSON,
    /** Graphviz. */
    DOT,
    /** Mermaid flowchart, for Markdown. */
    MERMAID;

    /** Renders a report in this format. */
    public String render(ExplainReport report, StrictJson json) {
        return switch (this) {
            case TEXT -> TextRenderer.render(report);
            case JSON -> json.writePretty(JsonRenderer.render(report, json)) + System.lineSeparator();
            case DOT -> GraphRenderer.dot(report);
            case MERMAID -> GraphRenderer.mermaid(report);
        };
    }
}
