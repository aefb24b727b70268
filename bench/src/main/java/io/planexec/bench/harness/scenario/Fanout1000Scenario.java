package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.Engine;
import io.planexec.bench.harness.engine.Latencies;
import java.util.List;

/** {@code fanout1000}: one plan of 1,000 independent 0-ms steps at a time; its client-side makespan. */
public final class Fanout1000Scenario implements Scenario {

    public static final String NAME = "fanout1000";
    private static final int STEPS = 1_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScenarioResult run(ScenarioContext ctx) throws InterruptedException {
        Figures f = new Figures();
        for (Engine engine : ctx.engines().all()) {
            Measured m = Measured.measure(
                    ctx,
                    NAME,
                    engine,
                    id -> Workloads.fanout(id, STEPS),
                    ctx.scale().fanout1000());
            Latencies makespans = m.makespans();
            String p = Engines.prefix(engine);
            f.put(p + "makespan_ms_p50", makespans.p50Ms());
            f.put(p + "makespan_ms_p99", makespans.p99Ms());
            f.put(p + "steps_per_s", STEPS / (makespans.p50Ms() / 1000.0));
            m.putPlanexecDetail(f);
        }
        f.put("samples", ctx.scale().fanout1000().samples());
        f.put("steps", STEPS);
        return new ScenarioResult(
                NAME, f, List.of("makespan_ms_p50", "makespan_ms_p99"), List.of(Target.atMost("makespan_ms_p50", 250)));
    }
}
