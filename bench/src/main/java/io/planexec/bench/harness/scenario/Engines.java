package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.Engine;
import io.planexec.bench.harness.engine.PlanexecEngine;
import java.util.List;

/** planexec and the two baselines, run on the same plans and tools. */
public record Engines(Engine planexec, Engine serial, Engine inprocess) {

    /** planexec first, then the baselines. */
    public List<Engine> all() {
        return List.of(planexec, serial, inprocess);
    }

    /** The prefix of an engine's figures: none for planexec, {@code serial_} or {@code inprocess_}. */
    public static String prefix(Engine engine) {
        return engine.name().equals(PlanexecEngine.NAME) ? "" : engine.name() + "_";
    }

    /** Whether this is planexec (whose runs carry a PlanResult). */
    public static boolean isPlanexec(Engine engine) {
        return engine.name().equals(PlanexecEngine.NAME);
    }
}
