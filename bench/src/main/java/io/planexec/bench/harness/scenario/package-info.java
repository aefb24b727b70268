/**
 * The scenarios of {@code planexec bench}: each runs its workload on planexec and on the two baselines in the same run
 * and returns its {@link io.planexec.bench.harness.scenario.Figures} with its targets. Sizes come from a
 * {@link io.planexec.bench.harness.scenario.Scale} (full, or the smoke sizes CI runs).
 */
package io.planexec.bench.harness.scenario;
