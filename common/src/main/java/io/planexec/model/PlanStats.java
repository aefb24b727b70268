package io.planexec.model;

/**
 * Timing of a finished plan.
 *
 * @param makespanMs from acceptance to the last step's end
 * @param criticalPathMs the longest chain of measured step durations along the plan's edges: the fastest any engine
 *     could have run this plan with these tools
 * @param serialMs the sum of all step durations: what running them one after another would have taken
 */
public record PlanStats(long makespanMs, long criticalPathMs, long serialMs) {

    public static final PlanStats EMPTY = new PlanStats(0, 0, 0);
}
