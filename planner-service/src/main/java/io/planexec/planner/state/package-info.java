/**
 * How the planner keeps a plan run in its state store, and the compact encodings of those entries.
 *
 * <p>A run is split so that no entry grows with the plan: an immutable {@link io.planexec.planner.state.PlanDefinition}
 * written once at acceptance, a small {@link io.planexec.planner.state.PlanRecord} per plan (counters and times while
 * it runs, the final result once it has finished), one small {@link io.planexec.planner.state.StepState} per step
 * keyed {@code planId/stepId}, and time-ordered {@link io.planexec.planner.state.TimerKeys timer keys} for deadlines,
 * outcome checks and retention.
 */
package io.planexec.planner.state;
