package io.planexec.topics;

/** The headers that tell the records of {@code planexec.step-results} apart. Documented in docs/protocol.md. */
public final class StepResultHeaders {

    /**
     * On the planner's {@code TimerCheck} notes to itself (value {@code 1}); records without it are executors'
     * StepResults.
     */
    public static final String TIMER_CHECK = "planexec.timer.check";

    private StepResultHeaders() {}
}
