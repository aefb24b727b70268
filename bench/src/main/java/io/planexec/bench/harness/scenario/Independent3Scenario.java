package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.Engine;
import io.planexec.bench.harness.engine.Latencies;
import java.time.Duration;
import java.util.List;

/**
 * {@code independent3}: three independent 0-ms steps, one plan at a time. The critical path is 0, so the overhead is
 * the makespan (client-side: submission to the result's arrival).
 */
public final class Independent3Scenario implements Scenario {

    public static final String NAME = "independent3";

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
                    id -> Workloads.independent(id, 3),
                    ctx.scale().independent3());
            Latencies overhead = m.makespans();
            String p = Engines.prefix(engine);
            f.put(p + "overhead_ms_p50", overhead.p50Ms());
            f.put(p + "overhead_ms_p99", overhead.p99Ms());
            f.put(p + "overhead_ms_max", overhead.maxMs());
            m.putPlanexecDetail(f);
        }
        f.put("samples", ctx.scale().independent3().samples());
        f.put("critical_path_ms", 0L);
        // The broker's own floor: the request is a plain hop, then three transactional passes (the planner releases,
        // the executor reports, the planner completes), each ending with a read_committed fetch.
        BrokerFloor.Floors floors = BrokerFloor.measure(
                ctx,
                NAME,
                ctx.scale().independent3().warmup(),
                ctx.scale().independent3().samples(),
                Duration.ZERO);
        f.put("broker_floor", floors.figures());
        f.put("floor_ms_p50", floors.p50Ms(1, 3));
        return new ScenarioResult(
                NAME,
                f,
                List.of("overhead_ms_p50", "overhead_ms_p99"),
                List.of(Target.atMost("overhead_ms_p50", 10), Target.atMost("overhead_ms_p99", 50)));
    }
}
