package io.planexec.bench.jmh;

import io.planexec.model.Attempt;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.wire.WireFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the wire format costs per message of a step's round trip, as the planner and the executors use it under load:
 * the planner writes a step task and its events and reads the step's result; an executor reads the task and writes
 * the result. The messages are those of the {@code throughput} scenario of {@code planexec bench} (small arguments and
 * output, one attempt). Average time per call on one thread, after warm-up. Run: {@code java -jar
 * bench/target/planexec-benchmarks.jar Wire -prof gc -prof io.planexec.bench.jmh.ThreadCpuProfiler}
 * (docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class WireBenchmark {

    private static final Instant RELEASED = Instant.parse("2026-12-02T03:04:05.678Z");

    private WireFormat wire;
    private StepTask task;
    private StepResult result;
    private PlanEvent event;
    private byte[] taskBytes;
    private byte[] resultBytes;
    private byte[] eventBytes;

    @Setup(Level.Trial)
    public void setUp() {
        wire = new WireFormat();
        String planId = "bench-b2bb2d6-tp-000123";
        task = new StepTask(
                planId,
                "s2",
                "update_counter",
                Map.of("key", "res:17", "by", 1),
                1,
                "res:17",
                LatencyClass.FAST,
                RELEASED.plusSeconds(60),
                5_000,
                true,
                2,
                StepTask.idempotencyKey(planId, "s2", 1),
                RELEASED,
                null);
        Instant started = RELEASED.plusNanos(2_345_678);
        Instant finished = started.plusNanos(123_456);
        result = new StepResult(
                planId,
                "s2",
                1,
                StepResult.Kind.FINISHED,
                StepStatus.SUCCEEDED,
                Map.of("key", "res:17", "value", 42),
                null,
                List.of(new Attempt(1, started, finished, StepStatus.SUCCEEDED, null, "standalone")),
                "standalone",
                finished);
        event = new PlanEvent(
                planId,
                PlanEventType.STEP_RELEASED,
                "s2",
                StepStatus.RELEASED.name(),
                1,
                null,
                RELEASED,
                "update_counter to planexec.steps.fast key res:17");
        taskBytes = wire.writeStepTask(task);
        resultBytes = wire.writeStepResult(result);
        eventBytes = wire.writePlanEvent(event);
    }

    /** The planner, releasing a step. */
    @Benchmark
    public byte[] writeStepTask() {
        return wire.writeStepTask(task);
    }

    /** The planner, recording a transition (two or three per step, and two per plan). */
    @Benchmark
    public byte[] writePlanEvent() {
        return wire.writePlanEvent(event);
    }

    /** The planner, taking a step's result. */
    @Benchmark
    public StepResult readStepResult() {
        return wire.readStepResult(resultBytes);
    }

    /** An executor, taking a step task. */
    @Benchmark
    public StepTask readStepTask() {
        return wire.readStepTask(taskBytes);
    }

    /** An executor, reporting a step's result. */
    @Benchmark
    public byte[] writeStepResult() {
        return wire.writeStepResult(result);
    }

    /** A client following the events ({@code planexec watch}, the harness). */
    @Benchmark
    public PlanEvent readPlanEvent() {
        return wire.readPlanEvent(eventBytes);
    }
}
