package io.planexec.cli.render;

import io.planexec.model.PlanError;
import io.planexec.model.PlanResult;
import io.planexec.model.StepOutcome;
import io.planexec.wire.StrictJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A PlanResult for people: the outcome and timing, a line per step, then the messages to append. */
public final class ResultText {

    private static final int MAX_VALUE_CHARS = 120;

    private ResultText() {}

    public static String render(PlanResult result, StrictJson json) {
        StringBuilder out = new StringBuilder();
        out.append("plan ").append(result.planId()).append(": ").append(result.status());
        if (!result.steps().isEmpty()) {
            out.append(" in ")
                    .append(result.stats().makespanMs())
                    .append(" ms (critical path ")
                    .append(result.stats().criticalPathMs())
                    .append(" ms, serial ")
                    .append(result.stats().serialMs())
                    .append(" ms)");
        }
        out.append('\n');
        for (PlanError e : result.errors()) {
            out.append("  error: ").append(e.message()).append('\n');
        }
        Instant zero = firstReady(result);
        int width =
                result.steps().keySet().stream().mapToInt(String::length).max().orElse(4);
        for (Map.Entry<String, StepOutcome> e : result.steps().entrySet()) {
            StepOutcome s = e.getValue();
            out.append("  ")
                    .append(pad(e.getKey(), width))
                    .append("  ")
                    .append(pad(s.status().name(), 9))
                    .append("  ")
                    .append(window(zero, s))
                    .append("  attempts ")
                    .append(s.attempts());
            String value = s.error() != null
                    ? "error: " + s.error()
                    : s.output() == null ? "" : shorten(json.writeValueString(s.output()));
            if (!value.isEmpty()) {
                out.append("  ").append(value);
            }
            out.append('\n');
        }
        if (!result.messages().isEmpty()) {
            out.append("messages (append to the conversation):\n");
            for (Map<String, Object> m : result.messages()) {
                out.append("  ").append(json.writeValueString(m)).append('\n');
            }
        }
        return out.toString();
    }

    private static Instant firstReady(PlanResult result) {
        Instant first = null;
        for (StepOutcome s : result.steps().values()) {
            if (s.readyAt() != null && (first == null || s.readyAt().isBefore(first))) {
                first = s.readyAt();
            }
        }
        return first;
    }

    private static String window(Instant zero, StepOutcome s) {
        if (zero == null || s.startedAt() == null || s.finishedAt() == null) {
            return pad("", 15);
        }
        long from = Duration.between(zero, s.startedAt()).toMillis();
        long to = Duration.between(zero, s.finishedAt()).toMillis();
        return pad(from + "-" + to + " ms", 15);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS - 3) + "...";
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
