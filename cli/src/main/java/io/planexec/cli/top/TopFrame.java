package io.planexec.cli.top;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One screen of {@code planexec top}: what changed between two scrapes of the metrics endpoints (rates, latency
 * quantiles of the observations in between) and what the gauges say now. Pure: the same two scrapes give the same
 * lines.
 */
public final class TopFrame {

    /** The most tools listed, busiest first. */
    static final int TOOLS_SHOWN = 10;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Scrape older;
    private final Scrape newer;
    private final double seconds;

    /**
     * @param older the scrape at the start of the window
     * @param newer the latest scrape
     */
    public TopFrame(Scrape older, Scrape newer) {
        this.older = older;
        this.newer = newer;
        this.seconds = Math.max(1e-9, (newer.nanos() - older.nanos()) / 1e9);
    }

    /** The screen's lines, without colours or cursor movements. */
    public List<String> lines(String source, LocalTime now) {
        List<String> out = new ArrayList<>();
        out.add(String.format(
                Locale.ROOT,
                "planexec top   %s   window %.0f s   %s   (q or Ctrl-C quits)",
                source,
                seconds,
                CLOCK.format(now)));
        out.add("");
        plans(out);
        out.add("");
        queues(out);
        out.add("");
        executors(out);
        out.add("");
        tools(out);
        return out;
    }

    private void plans(List<String> out) {
        Map<String, Double> finished = rateBy("planexec_planner_plans_finished_total", "status", l -> true);
        double total =
                finished.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder byStatus = new StringBuilder();
        finished.forEach((status, rate) -> {
            if (rate > 0) {
                byStatus.append("  ").append(status).append(' ').append(rate(rate));
            }
        });
        out.add(String.format(
                Locale.ROOT,
                "plans      %s/s finished%s   accepted %s/s   active %s",
                rate(total),
                byStatus.length() == 0 ? "" : "  (" + byStatus.toString().strip() + ")",
                rate(rate("planexec_planner_plans_accepted_total", l -> true)),
                count(newer.sum("planexec_planner_plans_active"))));
        NavigableMap<Double, Double> durations = window("planexec_planner_plan_duration_seconds", l -> true);
        out.add(String.format(
                Locale.ROOT,
                "latency    p50 %s   p99 %s   (plans finished in the window)",
                duration(Quantiles.of(0.5, durations)),
                duration(Quantiles.of(0.99, durations))));
        double ready = newer.sum("planexec_planner_ready");
        int planners = (int) newer.samples().stream()
                .filter(s -> s.name().equals("planexec_planner_ready"))
                .count();
        out.add(String.format(Locale.ROOT, "planners   %d ready of %d", (int) ready, planners));
    }

    private void queues(List<String> out) {
        TreeSet<String> queues = new TreeSet<>();
        queues.addAll(
                newer.sumBy("planexec_planner_steps_released_total", "queue").keySet());
        queues.addAll(newer.sumBy("planexec_executor_lag", "queue").keySet());
        out.add(String.format(
                Locale.ROOT,
                "%-12s %11s %8s %9s %8s %10s %9s",
                "queue",
                "released/s",
                "lag",
                "buffered",
                "running",
                "results/s",
                "wait p99"));
        if (queues.isEmpty()) {
            out.add("(no queue seen yet)");
        }
        Map<String, Double> released = rateBy("planexec_planner_steps_released_total", "queue", l -> true);
        Map<String, Double> results = rateBy("planexec_executor_results_total", "queue", l -> true);
        Map<String, Double> lag = newer.sumBy("planexec_executor_lag", "queue");
        Map<String, Double> buffered = newer.sumBy("planexec_executor_tasks_buffered", "queue");
        Map<String, Double> running = newer.sumBy("planexec_executor_tasks_running", "queue");
        for (String queue : queues) {
            NavigableMap<Double, Double> wait =
                    window("planexec_executor_queue_wait_seconds", l -> queue.equals(l.get("queue")));
            out.add(String.format(
                    Locale.ROOT,
                    "%-12s %11s %8s %9s %8s %10s %9s",
                    queue,
                    rate(released.getOrDefault(queue, 0.0)),
                    lag.containsKey(queue) ? count(lag.get(queue)) : "no exec",
                    optionalCount(buffered.get(queue)),
                    optionalCount(running.get(queue)),
                    rate(results.getOrDefault(queue, 0.0)),
                    duration(Quantiles.of(0.99, wait))));
        }
    }

    private void executors(List<String> out) {
        int executors = (int) newer.samples().stream()
                .filter(s -> s.name().equals("planexec_executor_tasks_in_flight_limit"))
                .count();
        out.add(String.format(
                Locale.ROOT,
                "executors  %d   tasks in flight %s of %s   retries %s/s   timeouts %s/s   dead letters %s"
                        + "   unknown %s",
                executors,
                count(newer.sum("planexec_executor_tasks_in_flight")),
                count(newer.sum("planexec_executor_tasks_in_flight_limit")),
                rate(rate("planexec_executor_retries_total", l -> true)),
                rate(rate("planexec_executor_timeouts_total", l -> true)),
                count(newer.sum("planexec_planner_dead_letters_total")
                        + newer.sum("planexec_executor_dead_letters_total")),
                count(newer.sum("planexec_executor_steps_unknown_total"))));
    }

    private void tools(List<String> out) {
        Map<String, Double> calls = rateBy("planexec_executor_call_duration_seconds_count", "tool", l -> true);
        Map<String, Double> errors = rateBy(
                "planexec_executor_call_duration_seconds_count", "tool", l -> !"SUCCEEDED".equals(l.get("status")));
        Map<String, Double> inFlight = newer.sumBy("planexec_executor_calls_in_flight", "tool");
        Map<String, Double> caps = newer.sumBy("planexec_executor_tool_cap", "tool");
        TreeSet<String> tools = new TreeSet<>(calls.keySet());
        tools.addAll(inFlight.keySet());
        List<String> busiest = tools.stream()
                .sorted(Comparator.<String>comparingDouble(t -> -calls.getOrDefault(t, 0.0))
                        .thenComparingDouble(t -> -inFlight.getOrDefault(t, 0.0))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(TOOLS_SHOWN)
                .toList();
        out.add(String.format(
                Locale.ROOT, "%-24s %8s %10s %6s %9s %9s", "tool", "calls/s", "in flight", "cap", "p99", "errors/s"));
        if (busiest.isEmpty()) {
            out.add("(no tool seen yet)");
        }
        for (String tool : busiest) {
            NavigableMap<Double, Double> durations =
                    window("planexec_executor_call_duration_seconds", l -> tool.equals(l.get("tool")));
            out.add(String.format(
                    Locale.ROOT,
                    "%-24s %8s %10s %6s %9s %9s",
                    tool.length() > 24 ? tool.substring(0, 23) + "…" : tool,
                    rate(calls.getOrDefault(tool, 0.0)),
                    count(inFlight.getOrDefault(tool, 0.0)),
                    caps.containsKey(tool) ? count(caps.get(tool)) : "-",
                    duration(Quantiles.of(0.99, durations)),
                    rate(errors.getOrDefault(tool, 0.0))));
        }
        if (tools.size() > busiest.size()) {
            out.add("(" + (tools.size() - busiest.size()) + " more)");
        }
    }

    // ---- figures ----

    private double rate(String counter, Predicate<Map<String, String>> filter) {
        return increase(newer.sum(counter, filter), older.sum(counter, filter)) / seconds;
    }

    private Map<String, Double> rateBy(String counter, String label, Predicate<Map<String, String>> filter) {
        Map<String, Double> then = older.sumBy(counter, label, filter);
        Map<String, Double> rates = new TreeMap<>();
        newer.sumBy(counter, label, filter)
                .forEach((key, now) -> rates.put(key, increase(now, then.getOrDefault(key, 0.0)) / seconds));
        return rates;
    }

    /** A counter's increase; after a restart (the counter went down) what it counted since. */
    private static double increase(double now, double then) {
        return now >= then ? now - then : now;
    }

    private NavigableMap<Double, Double> window(String histogram, Predicate<Map<String, String>> filter) {
        return Quantiles.delta(newer.buckets(histogram, filter), older.buckets(histogram, filter));
    }

    // ---- formats ----

    static String rate(double perSecond) {
        if (perSecond == 0) {
            return "0";
        }
        return perSecond >= 100
                ? String.format(Locale.ROOT, "%.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    private static String optionalCount(Double value) {
        return value == null ? "-" : count(value);
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
        }
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }
}
