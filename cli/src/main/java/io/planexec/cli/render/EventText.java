package io.planexec.cli.render;

import io.planexec.model.PlanEvent;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** A plan event as one line: local time, plan, what happened, the step, its status and attempt, the detail. */
public final class EventText {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private EventText() {}

    public static String line(PlanEvent e) {
        StringBuilder out = new StringBuilder();
        out.append(TIME.format(e.at()))
                .append("  ")
                .append(e.planId())
                .append("  ")
                .append(ResultText.pad(e.type().name(), 19));
        if (e.stepId() != null) {
            out.append("  ").append(e.stepId());
        }
        if (e.status() != null) {
            out.append("  ").append(e.status());
        }
        if (e.release() != null) {
            out.append("  release ").append(e.release());
        }
        if (e.attempts() != null) {
            out.append("  ").append(e.attempts()).append(e.attempts() == 1 ? " attempt" : " attempts");
        }
        if (e.detail() != null) {
            out.append("  ").append(e.detail());
        }
        return out.toString();
    }
}
