/**
 * JMH micro-benchmarks: the planner ({@link io.planexec.bench.jmh.PlanningBenchmark}) on seeded workloads
 * ({@link io.planexec.bench.jmh.PlanningWorkload}). Figures and how to run them: docs/benchmarks.md.
 */
package io.planexec.bench.jmh;
