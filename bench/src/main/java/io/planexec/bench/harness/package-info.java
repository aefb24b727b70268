/**
 * The end-to-end benchmark behind {@code planexec bench}: {@link io.planexec.bench.harness.BenchRunner} starts planexec
 * (embedded broker, or an existing cluster), runs the selected scenarios on it and on the serial and in-process
 * baselines in the same run, prints a table and writes the results file described in docs/benchmarks.md.
 */
package io.planexec.bench.harness;
