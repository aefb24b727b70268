package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.ClosedLoop;
import io.planexec.bench.harness.engine.Engine;
import io.planexec.bench.harness.tools.BenchTools;
import java.time.Duration;
import java.util.List;

/**
 * {@code throughput}: many concurrent 4-step plans of mixed shapes (independent, chain, diamond, two chains of two) in a
 * closed loop: a fixed number of plans in flight, each replaced by a new one when it ends. Sustained steps/s over the
 * window, and the plan overhead (client-side makespan; the critical path is 0) at that rate. The serial baseline runs
 * one plan at a time (one agent loop); the in-process one keeps as many plans in flight as planexec.
 */
public final class ThroughputScenario implements Scenario {

    public static final String NAME = "throughput";
    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final Duration BASELINE_WARMUP = Duration.ofSeconds(2);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScenarioResult run(ScenarioContext ctx) throws InterruptedException {
        Scale.Load load = ctx.scale().throughput();
        Figures f = new Figures();
        for (Engine engine : ctx.engines().all()) {
            boolean ours = Engines.isPlanexec(engine);
            int concurrency = engine == ctx.engines().serial() ? 1 : load.concurrency();
            Duration warmup = ours ? load.warmup() : min(load.warmup(), BASELINE_WARMUP);
            Duration window = ours ? load.window() : load.baselineWindow();
            ctx.say(
                    "%s: %s, %d plans in flight, %.1f s warm-up + %.1f s measured",
                    NAME, engine.name(), concurrency, warmup.toMillis() / 1000.0, window.toMillis() / 1000.0);
            // CPU and meters over the measured window only (the warm-up includes JIT compilation)
            WindowSnapshots window0 = WindowSnapshots.schedule(ctx.system().meters(), warmup, window);
            Passes passes = new Passes();
            ClosedLoop.Outcome o = ClosedLoop.run(
                    engine,
                    i -> Workloads.fourSteps(ctx.planId(NAME, engine.name(), i), i, BenchTools.NOOP),
                    concurrency,
                    warmup,
                    window,
                    DRAIN,
                    run -> {
                        synchronized (passes) {
                            passes.add(run);
                        }
                    });
            WindowSnapshots.Window w = window0.await();
            Figures kafkaMetrics = KafkaClientMetrics.read();
            Figures used = w.cpu();
            String p = Engines.prefix(engine);
            f.put(p + "steps_per_s", o.stepsPerSecond());
            f.put(p + "overhead_ms_p50", o.makespans().p50Ms());
            f.put(p + "overhead_ms_p99", o.makespans().p99Ms());
            f.put(p + "plans_in_flight", concurrency);
            f.put(p + "plans_not_succeeded", o.notSucceeded());
            f.put(p + "cpu_us_per_step", used.number("process_cpu_ms") * 1000.0 / Math.max(1, o.stepsInWindow()));
            if (ours) {
                f.put("plans_measured", o.plans());
                f.put("planner_makespan_ms_p50", passes.plannerMakespans().p50Ms());
                f.put("planner_makespan_ms_p99", passes.plannerMakespans().p99Ms());
                f.put("passes", passes.figures());
                f.put("meters", w.meters());
                f.put("cpu_ms_by_thread_group", used);
                f.put("kafka_metrics", kafkaMetrics);
            }
        }
        return new ScenarioResult(
                NAME,
                f,
                List.of("steps_per_s", "overhead_ms_p99"),
                List.of(Target.atLeast("steps_per_s", 5_000), Target.atMost("overhead_ms_p99", 250)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
