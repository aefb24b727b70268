package io.planexec.planner.result;

import java.util.List;
import java.util.Map;

/**
 * Explicit steps: no conversation messages; each step's output or error is in the result's per-step detail.
 */
final class StepMessages implements MessageRenderer {

    @Override
    public List<Map<String, Object>> render(List<ToolOutcome> outcomes) {
        return List.of();
    }
}
