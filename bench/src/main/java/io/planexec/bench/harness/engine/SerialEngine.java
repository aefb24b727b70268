package io.planexec.bench.harness.engine;

import io.planexec.executor.tool.Toolbox;
import io.planexec.model.AgentRequest;
import io.planexec.plan.Plan;
import io.planexec.plan.PlannedStep;
import io.planexec.plan.Planner;
import io.planexec.plan.References;
import io.planexec.plan.ToolCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The serial baseline: the calls of a request made one after another on one thread, each waiting for the previous
 * one's output, as an agent loop makes them. The order is the planner's (request order where data flow allows);
 * planning happens before the clock starts, since an agent loop does not plan.
 */
public final class SerialEngine implements Engine {

    /** The prefix of this engine's figures. */
    public static final String NAME = "serial";

    private final Planner planner = new Planner();
    private final ToolCatalog catalog;
    private final DirectCalls calls;
    private final Executor thread;

    /**
     * @param thread where the calls are made (one thread: the agent's loop)
     */
    public SerialEngine(Toolbox toolbox, Executor thread) {
        this.catalog = ToolCatalog.of(toolbox.specs());
        this.calls = new DirectCalls(toolbox, Runnable::run);
        this.thread = thread;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletableFuture<Run> submit(AgentRequest request) {
        Plan plan = Plans.plan(planner, request, catalog);
        return CompletableFuture.supplyAsync(() -> runSerially(request, plan), thread);
    }

    private Run runSerially(AgentRequest request, Plan plan) {
        long submittedAtMs = System.currentTimeMillis();
        long start = System.nanoTime();
        Map<String, Object> outputs = new HashMap<>();
        List<StepEnd> ends = new ArrayList<>();
        for (String id : plan.order()) {
            PlannedStep step = plan.step(id);
            Optional<StepEnd> notCalled = StepEnd.withoutCalling(step, plan.predecessors(id), outputs::containsKey);
            if (notCalled.isPresent()) {
                ends.add(notCalled.get());
                continue;
            }
            try {
                Map<String, Object> args = References.resolve(step.step().args(), outputs::get, plan::producerOf);
                // The calls' executor runs a synchronous tool on this thread; join() waits for an asynchronous one
                Object output =
                        calls.call(plan.planId(), id, step.step().tool(), args).join();
                outputs.put(id, output);
                ends.add(StepEnd.succeeded(output));
            } catch (RuntimeException e) {
                ends.add(StepEnd.failed());
            }
        }
        return new Run(
                request,
                start,
                System.nanoTime(),
                submittedAtMs,
                System.currentTimeMillis(),
                StepEnd.planStatus(ends),
                null);
    }
}
