package io.planexec.planner.result;

import io.planexec.model.PlanStats;
import io.planexec.planner.state.Dependency;
import io.planexec.planner.state.PlanDefinition;
import io.planexec.planner.state.StepState;
import java.util.List;

/**
 * The measured timing of a finished plan run: the makespan (acceptance to result, on the planner's clock), the critical
 * path actually taken (the longest chain of measured step durations along the plan's edges) and the serial sum (what
 * running the steps one after another would have taken).
 */
public final class RunStats {

    private RunStats() {}

    /**
     * The measured stats of a finished plan run: its makespan, critical path and serial time.
     *
     * @param states the steps' final states, by index
     * @param finishedAtMs when the result is sent
     */
    public static PlanStats of(PlanDefinition definition, List<StepState> states, long finishedAtMs) {
        int n = definition.size();
        long[] finish = new long[n];
        long serial = 0;
        long critical = 0;
        for (int i : definition.order()) {
            long duration = duration(states.get(i));
            serial += duration;
            long start = 0;
            for (Dependency d : definition.step(i).predecessors()) {
                start = Math.max(start, finish[d.step()]);
            }
            finish[i] = start + duration;
            critical = Math.max(critical, finish[i]);
        }
        long makespan = Math.max(0, finishedAtMs - definition.acceptedAtMs());
        return new PlanStats(makespan, critical, serial);
    }

    /** How long a step's calls took: from its first call's start to its end; 0 if it never ran. */
    static long duration(StepState s) {
        if (s.startedAtMs() < 0 || s.finishedAtMs() < 0) {
            return 0;
        }
        return Math.max(0, s.finishedAtMs() - s.startedAtMs());
    }
}
