package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.Engine;
import io.planexec.bench.harness.engine.Latencies;
import java.time.Duration;
import java.util.List;

/**
 * {@code chain10}: a chain of ten 0-ms steps, each taking the previous one's output, one plan at a time. Overhead per
 * level is the client-side makespan divided by 10 (the critical path is 0).
 */
public final class Chain10Scenario implements Scenario {

    public static final String NAME = "chain10";
    private static final int DEPTH = 10;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScenarioResult run(ScenarioContext ctx) throws Exception {
        Figures f = new Figures();
        for (Engine engine : ctx.engines().all()) {
            Measured m = Measured.measure(
                    ctx,
                    NAME,
                    engine,
                    id -> Workloads.chain(id, DEPTH),
                    ctx.scale().chain10());
            Latencies perLevel = m.makespansPer(DEPTH);
            String p = Engines.prefix(engine);
            f.put(p + "overhead_ms_per_level_p50", perLevel.p50Ms());
            f.put(p + "overhead_ms_per_level_p99", perLevel.p99Ms());
            f.put(p + "makespan_ms_p50", m.makespans().p50Ms());
            m.putPlanexecDetail(f);
        }
        f.put("samples", ctx.scale().chain10().samples());
        f.put("levels", DEPTH);
        // The broker's own floor per level: two transactional passes (the executor reports, the planner releases).
        BrokerFloor.Floors floors = BrokerFloor.measure(
                ctx,
                NAME,
                ctx.scale().chain10().warmup() * DEPTH,
                ctx.scale().chain10().samples(),
                Duration.ZERO);
        f.put("broker_floor", floors.figures());
        f.put("floor_ms_per_level_p50", floors.p50Ms(0, 2));
        return new ScenarioResult(
                NAME,
                f,
                List.of("overhead_ms_per_level_p50", "overhead_ms_per_level_p99"),
                List.of(Target.atMost("overhead_ms_per_level_p50", 5)));
    }
}
