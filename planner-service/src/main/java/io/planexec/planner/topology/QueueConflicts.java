package io.planexec.planner.topology;

import io.planexec.model.ResourceTemplate;
import io.planexec.model.ResourceTemplate.Resource;
import io.planexec.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether two tools on different task queues can write the same resource. Writes to one resource are ordered across
 * plans only within one queue's topic (by key), so such a pair's calls may run at once; the planner warns about it.
 */
final class QueueConflicts {

    private QueueConflicts() {}

    /**
     * What the two tools can both write, e.g. {@code note:* (put_note) and note:a (pin_note)}, when they are on
     * different queues; empty otherwise.
     */
    static Optional<String> between(ToolSpec a, ToolSpec b) {
        if (a.effectiveQueue().equals(b.effectiveQueue()) || a.name().equals(b.name())) {
            return Optional.empty();
        }
        for (Resource ra : written(a)) {
            for (Resource rb : written(b)) {
                if (ra.overlaps(rb)) {
                    return Optional.of(ra + " (" + a.name() + ", queue " + a.effectiveQueue() + ") and " + rb + " ("
                            + b.name() + ", queue " + b.effectiveQueue() + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** Every resource a tool may write or key its steps by, as the templates can resolve for any arguments. */
    private static List<Resource> written(ToolSpec spec) {
        List<String> templates = new ArrayList<>();
        if (spec.writes() != null) {
            templates.addAll(spec.writes());
        }
        if (spec.routingKey() != null) {
            templates.add(spec.routingKey());
        }
        List<Resource> out = new ArrayList<>(templates.size());
        for (String t : templates) {
            out.add(ResourceTemplate.parse(t).resolve(Map.of()));
        }
        return out;
    }
}
