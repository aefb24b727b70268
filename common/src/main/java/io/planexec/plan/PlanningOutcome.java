package io.planexec.plan;

/** What planning a request gives: a {@link Plan} to run, or a {@link Rejection} that says why not. */
public sealed interface PlanningOutcome permits Plan, Rejection {

    String planId();
}
