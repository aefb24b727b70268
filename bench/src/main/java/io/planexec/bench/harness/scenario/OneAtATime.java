package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.engine.Engine;
import io.planexec.bench.harness.engine.Run;
import io.planexec.model.AgentRequest;
import io.planexec.model.PlanStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** Runs plans one at a time on an engine: each is submitted when the previous one's result has arrived. */
final class OneAtATime {

    private OneAtATime() {}

    /**
     * Runs {@code warmup} plans and discards them, then {@code samples} plans and returns their runs.
     *
     * @throws IllegalStateException when a plan does not succeed, or does not end within {@code timeout}
     */
    static List<Run> run(Engine engine, IntFunction<AgentRequest> requests, int warmup, int samples, Duration timeout)
            throws InterruptedException {
        List<Run> runs = new ArrayList<>(samples);
        for (int i = 0; i < warmup + samples; i++) {
            Run run = runOne(engine, requests.apply(i), timeout);
            if (i >= warmup) {
                runs.add(run);
            }
        }
        return runs;
    }

    /** Runs one plan and waits for it. */
    private static Run runOne(Engine engine, AgentRequest request, Duration timeout) throws InterruptedException {
        Run run;
        try {
            run = engine.submit(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    engine.name() + ": plan '" + request.planId() + "' failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    engine.name() + ": plan '" + request.planId() + "' did not end within " + timeout, e);
        }
        if (run.status() != PlanStatus.SUCCEEDED) {
            throw new IllegalStateException(engine.name() + ": plan '" + request.planId() + "' ended " + run.status()
                    + (run.result() == null ? "" : ": " + run.result().steps()));
        }
        return run;
    }
}
