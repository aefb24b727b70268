/**
 * A plan run's life inside the planner: acceptance, release of ready steps with their references resolved, step
 * results, skipping, cancellation, deadlines, outcome checks and completion. Independent of the Streams topology:
 * it reads and writes through {@link io.planexec.planner.run.PlanStateStore} and sends through an
 * {@link io.planexec.planner.run.PassOutput}, with the time of the operation given by the caller.
 */
package io.planexec.planner.run;
