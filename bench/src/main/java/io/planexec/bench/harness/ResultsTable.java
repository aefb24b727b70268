package io.planexec.bench.harness;

import io.planexec.bench.harness.scenario.Figures;
import io.planexec.bench.harness.scenario.ScenarioResult;
import io.planexec.bench.harness.scenario.Target;
import java.io.PrintWriter;
import java.util.Locale;

/** The readable table of a run: each scenario's headline figures for planexec and the baselines, with its targets. */
public final class ResultsTable {

    private static final String ROW = "%-13s %-28s %11s %11s %11s %10s %-4s %5s%n";

    private ResultsTable() {}

    public static void print(BenchResults results, PrintWriter out) {
        Figures m = results.machine();
        out.printf(
                Locale.ROOT,
                "%nplanexec bench: %s run, %s; %d cores, %.1f GiB, %s; load average %.2f at the start%n",
                results.settings().scale().name(),
                results.settings().bootstrap() == null
                        ? "embedded broker"
                        : "cluster " + results.settings().bootstrap(),
                (long) m.number("cores"),
                m.number("memory_gib"),
                m.asMap().get("jdk"),
                m.number("load_average_1m"));
        out.printf(Locale.ROOT, ROW, "scenario", "figure", "planexec", "serial", "in-process", "target", "met", "load");
        for (ScenarioResult s : results.scenarios()) {
            Figures f = s.figures();
            if (f.has("error")) {
                out.printf(
                        Locale.ROOT, "%-13s failed: %s%n", s.name(), f.asMap().get("error"));
                continue;
            }
            String load = number(f.number("load_average_1m_end"));
            for (String figure : s.headline()) {
                Target t = s.targetOf(figure);
                out.printf(
                        Locale.ROOT,
                        ROW,
                        s.name(),
                        figure,
                        number(f.number(figure)),
                        number(f.number("serial_" + figure)),
                        number(f.number("inprocess_" + figure)),
                        t == null ? "" : t.describe(),
                        t == null ? "" : t.metBy(f) ? "yes" : "NO",
                        load);
            }
        }
        out.printf(
                Locale.ROOT,
                "%s; %.0f s in all%n",
                results.allTargetsMet() ? "every target met" : "some targets missed",
                results.seconds());
        out.flush();
    }

    /** A figure for the table: 3 significant decimals below 10, 1 below 1,000, none above; "-" when absent. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
