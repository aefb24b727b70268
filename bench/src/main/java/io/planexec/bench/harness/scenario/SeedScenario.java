package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.Engine;
import io.planexec.bench.harness.engine.Latencies;
import io.planexec.bench.harness.engine.Run;
import java.time.Duration;
import java.util.List;

/**
 * {@code seed}: the in-process design's example, three independent tools of {@code toolMs} each (2 s at full scale:
 * the demo's weather, news and sleep), one plan at a time. Its makespan (client-side) divided by the critical path
 * ({@code toolMs}) and by the serial sum (three times that), its overhead above the critical path, and the broker's
 * floor after a pause as long as a tool.
 */
public final class SeedScenario implements Scenario {

    public static final String NAME = "seed";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScenarioResult run(ScenarioContext ctx) throws Exception {
        Scale.Seed seed = ctx.scale().seed();
        double critical = seed.toolMs();
        double serial = 3.0 * seed.toolMs();
        Figures f = new Figures();
        for (Engine engine : ctx.engines().all()) {
            Measured m = Measured.measure(
                    ctx,
                    NAME,
                    engine,
                    id -> Workloads.seed(id, seed.toolMs()),
                    new Scale.Sequential(seed.warmup(), seed.samples()));
            Latencies makespans = m.makespans();
            String p = Engines.prefix(engine);
            f.put(p + "makespan_ms_p50", makespans.p50Ms());
            f.put(p + "makespan_ms_max", makespans.maxMs());
            f.put(p + "overhead_ms_p50", makespans.p50Ms() - critical);
            f.put(p + "makespan_over_critical", makespans.p50Ms() / critical);
            f.put(p + "makespan_over_critical_max", makespans.maxMs() / critical);
            f.put(p + "makespan_over_serial", makespans.p50Ms() / serial);
            if (Engines.isPlanexec(engine)) {
                Latencies measuredCritical = new Latencies();
                for (Run r : m.runs()) {
                    measuredCritical.recordMillis(r.result().stats().criticalPathMs());
                }
                f.put("planner_critical_path_ms_p50", measuredCritical.p50Ms());
                m.putPlanexecDetail(f);
            }
        }
        f.put("samples", seed.samples());
        f.put("tool_ms", (long) seed.toolMs());
        f.put("critical_path_ms", (long) critical);
        f.put("serial_sum_ms", (long) serial);
        // The broker's own floor after idleness: a plan crosses it four times (the request, the planner's release, the
        // executor's report, the planner's result). All four are measured after a pause as long as a tool, though only
        // the last two of a plan follow its tools' idleness: this bounds the floor from above.
        BrokerFloor.Floors floors =
                BrokerFloor.measure(ctx, NAME, seed.warmup(), seed.samples(), Duration.ofMillis((long) seed.toolMs()));
        f.put("broker_floor_after_idle", floors.figures());
        f.put("floor_after_idle_ms_p50", floors.p50Ms(1, 3));
        return new ScenarioResult(
                NAME,
                f,
                List.of(
                        "makespan_over_critical",
                        "makespan_over_serial",
                        "makespan_ms_p50",
                        "overhead_ms_p50",
                        "floor_after_idle_ms_p50"),
                List.of(Target.atMost("makespan_over_critical", 1.02)));
    }
}
