package io.planexec.cli.explain;

import io.planexec.model.PlanError;
import io.planexec.model.ResourceTemplate.Resource;
import io.planexec.plan.Edge;
import io.planexec.plan.EdgeReason;
import io.planexec.plan.PlanAnalysis;
import io.planexec.plan.PlannedStep;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The human-readable explain output. */
final class TextRenderer {

    private TextRenderer() {}

    static String render(ExplainReport report) {
        StringBuilder out = new StringBuilder();
        if (!report.accepted()) {
            out.append("plan ")
                    .append(report.planId() == null ? "(no id)" : report.planId())
                    .append(": REJECTED\n");
            for (PlanError e : report.errors()) {
                out.append("  error: ").append(e.message()).append('\n');
            }
            return out.toString();
        }
        var plan = report.plan();
        PlanAnalysis a = plan.analysis();
        out.append("plan ")
                .append(plan.planId())
                .append(": OK, ")
                .append(plural(plan.steps().size(), "step"))
                .append(", ")
                .append(plural(plan.edges().size(), "edge"))
                .append(", ")
                .append(plural(a.levels().size(), "level"))
                .append("\n\nsteps\n");
        int idWidth = plan.steps().stream().mapToInt(s -> s.id().length()).max().orElse(1);
        int toolWidth = plan.steps().stream()
                .mapToInt(s -> s.step().tool().length())
                .max()
                .orElse(1);
        for (PlannedStep s : plan.steps()) {
            out.append("  ")
                    .append(pad(s.id(), idWidth))
                    .append("  ")
                    .append(pad(s.step().tool(), toolWidth))
                    .append("  ")
                    .append(pad(s.latencyClass().name(), 9));
            if (s.failsAtPlanning()) {
                out.append("  fails without running: ").append(s.error()).append('\n');
                continue;
            }
            if (!s.hasResourceInfo()) {
                out.append("  declares no resources: runs alone");
            } else {
                out.append("  ").append(resources(s));
            }
            out.append("  [key ").append(s.routingKey()).append("]\n");
        }
        out.append("\nedges\n");
        if (plan.edges().isEmpty()) {
            out.append("  none: every step can run at once\n");
        }
        for (Edge e : plan.edges()) {
            String reasons = e.reasons().stream().map(EdgeReason::detail).collect(Collectors.joining("; "));
            out.append("  ")
                    .append(e.to())
                    .append(" waits for ")
                    .append(e.from())
                    .append(": ")
                    .append(reasons);
            if (!e.isDataFlow()) {
                out.append(" (order only)");
            }
            out.append('\n');
        }
        out.append("\nlevels\n");
        for (int k = 0; k < a.levels().size(); k++) {
            out.append("  ")
                    .append(k)
                    .append(": ")
                    .append(String.join(", ", a.levels().get(k)))
                    .append('\n');
        }
        out.append("\ncritical path: ")
                .append(String.join(" -> ", a.criticalPath()))
                .append(String.format(
                        Locale.ROOT,
                        "  (estimated %,d ms; serial %,d ms; up to %d at once)%n",
                        a.criticalPathMs(),
                        a.serialMs(),
                        a.maxWidth()));
        return out.toString();
    }

    private static String resources(PlannedStep s) {
        if (s.reads().isEmpty() && s.writes().isEmpty()) {
            return "touches nothing";
        }
        StringBuilder b = new StringBuilder();
        if (!s.writes().isEmpty()) {
            b.append("writes ").append(join(s.writes()));
        }
        if (!s.reads().isEmpty()) {
            b.append(b.length() > 0 ? ", " : "").append("reads ").append(join(s.reads()));
        }
        return b.toString();
    }

    private static String join(List<Resource> resources) {
        return resources.stream().map(Resource::toString).collect(Collectors.joining(" "));
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
