/**
 * planexec in one process ({@link io.planexec.standalone.Standalone}): the embedded broker (or an existing cluster),
 * the planner and an executor with the demo tools. What {@code planexec dev} and {@code planexec demo} run.
 */
package io.planexec.standalone;
