package io.planexec.cli.render;

import io.planexec.config.Durations;
import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.ToolSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Registered tools as a table, with the executors that serve each and when each was last seen. */
public final class ToolText {

    private ToolText() {}

    /**
     * The tools and, per tool, the executors whose heartbeats name it.
     *
     * @param executors the executors' latest heartbeats; {@code null} when unknown (the column is left out)
     * @param now the time the ages are counted to
     */
    public static String table(List<ToolSpec> tools, List<ExecutorHeartbeat> executors, Instant now) {
        if (tools.isEmpty()) {
            return "no tools are registered\n";
        }
        int width = Math.max(
                4, tools.stream().mapToInt(t -> t.name().length()).max().orElse(4));
        StringBuilder out = new StringBuilder();
        int queueWidth = Math.max(
                5,
                tools.stream().mapToInt(t -> t.effectiveQueue().length()).max().orElse(5));
        List<String> resources = tools.stream().map(ToolText::resources).toList();
        int resourceWidth = resources.stream().mapToInt(String::length).max().orElse(9);
        out.append(ResultText.pad("tool", width))
                .append("  class      ")
                .append(ResultText.pad("queue", queueWidth))
                .append("  idempotent  timeout   cap  ")
                .append(executors == null ? "resources" : ResultText.pad("resources", resourceWidth) + "  executors")
                .append('\n');
        for (int i = 0; i < tools.size(); i++) {
            ToolSpec t = tools.get(i);
            out.append(ResultText.pad(t.name(), width))
                    .append("  ")
                    .append(ResultText.pad(t.latencyClass().name(), 9))
                    .append("  ")
                    .append(ResultText.pad(t.effectiveQueue(), queueWidth))
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
                    .append("  ");
            if (executors == null) {
                out.append(resources.get(i));
            } else {
                out.append(ResultText.pad(resources.get(i), resourceWidth))
                        .append("  ")
                        .append(servers(t.name(), executors, now));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The executors that serve a tool: {@code a (seen 2 s ago), b (stopped 3 min ago)}, or {@code none seen}. */
    static String servers(String tool, List<ExecutorHeartbeat> executors, Instant now) {
        List<String> out = new ArrayList<>();
        for (ExecutorHeartbeat beat : executors) {
            if (!beat.tools().contains(tool)) {
                continue;
            }
            String state;
            if (beat.stoppedAt() != null) {
                state = "stopped " + ago(beat.stoppedAt(), now);
            } else if (beat.liveAt(now)) {
                state = "seen " + ago(beat.seenAt(), now);
            } else {
                state = "gone, last seen " + ago(beat.seenAt(), now);
            }
            out.add(beat.instance() + " (" + state + ")");
        }
        return out.isEmpty() ? "none seen" : String.join(", ", out);
    }

    private static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.toSeconds() < 1) {
            return "just now";
        }
        return Durations.human(Duration.ofSeconds(d.toSeconds())) + " ago";
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
