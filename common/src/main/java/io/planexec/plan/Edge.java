package io.planexec.plan;

import java.util.List;

/**
 * Step {@code to} waits for step {@code from}.
 *
 * @param from the step that goes first
 * @param to the step that waits
 * @param reasons every rule that links them (at least one)
 */
public record Edge(String from, String to, List<EdgeReason> reasons) {

    public Edge {
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("edge " + from + " -> " + to + " needs a reason");
        }
    }

    /** Whether {@code to} needs {@code from} to succeed (any data-flow reason); otherwise only the order matters. */
    public boolean isDataFlow() {
        return reasons.stream().anyMatch(r -> r.kind().isDataFlow());
    }
}
