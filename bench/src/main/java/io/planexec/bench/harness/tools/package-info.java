/**
 * The tools the harness runs: a tool that takes no time, tools that write one resource and record every write in a
 * {@link io.planexec.bench.harness.tools.Ledger}, and {@link io.planexec.bench.harness.tools.ReleaseOrder}, which reads
 * the order in which the planner released a resource's writes.
 */
package io.planexec.bench.harness.tools;
