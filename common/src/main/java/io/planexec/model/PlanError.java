package io.planexec.model;

import java.util.List;

/**
 * Why a plan was rejected.
 *
 * @param steps the offending steps (for a cycle: its path, first step repeated at the end); may be empty
 * @param message what is wrong, naming the steps
 */
public record PlanError(List<String> steps, String message) {

    public PlanError {
        steps = steps == null ? List.of() : List.copyOf(steps);
        if (message == null || message.isEmpty()) {
            throw new IllegalArgumentException("a plan error needs a message");
        }
    }
}
