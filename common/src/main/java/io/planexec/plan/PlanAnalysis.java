package io.planexec.plan;

import java.util.List;

/**
 * The shape of a plan.
 *
 * @param levels steps grouped by depth: level 0 has no predecessor, level k waits for something in level k-1
 * @param criticalPath the chain of steps with the longest estimated total duration
 * @param criticalPathMs its estimated duration: the least time the plan can take
 * @param serialMs the estimated duration of running every step one after another
 * @param maxWidth the largest level: how many steps can run at once at most
 */
public record PlanAnalysis(
        List<List<String>> levels, List<String> criticalPath, long criticalPathMs, long serialMs, int maxWidth) {

    public PlanAnalysis {
        levels = levels.stream().map(List::copyOf).toList();
        criticalPath = List.copyOf(criticalPath);
    }
}
