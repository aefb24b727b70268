package io.planexec.planner.state;

/**
 * One edge into a step, as the planner keeps it: the step waited for, and whether the waiting step needs its success.
 *
 * @param step the index of the step waited for
 * @param dataFlow whether the waiting step needs that step's success ({@code depends_on}, {@code $ref}, artifact); if
 *     not, only the order matters (resource conflict, a tool without resource information)
 * @param reason the rules that made the edge, e.g. {@code ref} or {@code resource,artifact}
 */
public record Dependency(int step, boolean dataFlow, String reason) {

    public Dependency {
        if (step < 0) {
            throw new IllegalArgumentException("dependency on step index " + step);
        }
        reason = reason == null ? "" : reason;
    }
}
