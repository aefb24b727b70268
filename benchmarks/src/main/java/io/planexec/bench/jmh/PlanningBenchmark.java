package io.planexec.bench.jmh;

import io.planexec.plan.Plan;
import io.planexec.plan.Planner;
import io.planexec.plan.PlanningOutcome;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the pure planner takes to plan a request: validate it, build its DAG and analyse it (levels, critical path,
 * width, serial sum). One plan per call, single-threaded, after warm-up. The sizes show how the time grows with the
 * number of steps; the workload is {@link PlanningWorkload}. Sample mode: JMH times individual calls, so the median
 * and the percentiles stay meaningful on a machine shared with other work.
 *
 * <p>The heap is fixed and touched at start-up, so page faults of a growing heap do not count as planning time. Run:
 * {@code java -jar bench/target/planexec-benchmarks.jar Planning} (docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class PlanningBenchmark {

    /** The number of steps in the request. */
    @Param({"1000", "2500", "5000", "10000", "20000", "100000"})
    int steps;

    /** The number of distinct resources the steps touch. */
    @Param({"100"})
    int resources;

    private PlanningWorkload workload;
    private Planner planner;

    @Setup(Level.Trial)
    public void setUp() {
        workload = PlanningWorkload.generate(steps, resources, PlanningWorkload.DEFAULT_SEED);
        planner = new Planner();
        PlanningOutcome outcome = planner.plan(workload.request(), workload.tools());
        if (!(outcome instanceof Plan)) {
            throw new IllegalStateException("the workload must be accepted, got " + outcome);
        }
    }

    @Benchmark
    public PlanningOutcome plan() {
        return planner.plan(workload.request(), workload.tools());
    }
}
