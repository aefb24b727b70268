package io.planexec.bench.harness.engine;

import io.planexec.model.AgentRequest;
import java.util.concurrent.CompletableFuture;

/** Something that runs a plan: planexec, or one of the baselines. Thread-safe. */
public interface Engine {

    /**
     * {@code planexec}, {@code serial} or {@code inprocess}: its name in plan ids, thread names and figures' prefixes
     * (planexec's figures have none).
     */
    String name();

    /**
     * Starts running a request; the future completes with its run once its result is known.
     *
     * @throws IllegalArgumentException when the request cannot be planned (the baselines plan it themselves)
     */
    CompletableFuture<Run> submit(AgentRequest request);
}
