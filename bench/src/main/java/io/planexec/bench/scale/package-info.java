/**
 * Scale-out on a three-broker cluster of processes ({@link io.planexec.bench.scale.ScaleOutRun}): throughput with 1 to
 * 4 executor and 1 or 2 planner processes, and how step latency behaves while processes join and leave.
 */
package io.planexec.bench.scale;
