package io.planexec.bench.harness.engine;

import io.planexec.executor.tool.Toolbox;
import io.planexec.model.AgentRequest;
import io.planexec.plan.Edge;
import io.planexec.plan.Plan;
import io.planexec.plan.PlannedStep;
import io.planexec.plan.Planner;
import io.planexec.plan.References;
import io.planexec.plan.ToolCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The in-process baseline: the request is planned by the same pure planner and its DAG run with {@code
 * CompletableFuture}s in this JVM, over the same tool implementations. A step starts when every predecessor has ended;
 * one whose data-flow predecessor did not succeed is skipped. Nothing is durable, and nothing orders steps of
 * different plans.
 */
public final class InProcessEngine implements Engine {

    /** The prefix of this engine's figures. */
    public static final String NAME = "inprocess";

    private final Planner planner = new Planner();
    private final ToolCatalog catalog;
    private final DirectCalls calls;

    /**
     * @param workers the threads synchronous tools run on
     */
    public InProcessEngine(Toolbox toolbox, Executor workers) {
        this.catalog = ToolCatalog.of(toolbox.specs());
        this.calls = new DirectCalls(toolbox, workers);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletableFuture<Run> submit(AgentRequest request) {
        long submittedAtMs = System.currentTimeMillis();
        long start = System.nanoTime();
        Plan plan = Plans.plan(planner, request, catalog);
        // Read by the steps' threads while this one still adds to it. Plan.order() puts every step after its
        // predecessors, so each is there before a successor looks it up.
        Map<String, CompletableFuture<StepEnd>> ends = new ConcurrentHashMap<>();
        for (String id : plan.order()) {
            List<Edge> predecessors = plan.predecessors(id);
            CompletableFuture<?>[] before = new CompletableFuture<?>[predecessors.size()];
            for (int i = 0; i < before.length; i++) {
                before[i] = ends.get(predecessors.get(i).from());
            }
            PlannedStep step = plan.step(id);
            CompletableFuture<StepEnd> end =
                    CompletableFuture.allOf(before).thenCompose(ignored -> runStep(plan, step, predecessors, ends));
            ends.put(id, end);
        }
        return CompletableFuture.allOf(ends.values().toArray(CompletableFuture<?>[]::new))
                .thenApply(ignored -> new Run(
                        request,
                        start,
                        System.nanoTime(),
                        submittedAtMs,
                        System.currentTimeMillis(),
                        StepEnd.planStatus(ends.values().stream()
                                .map(CompletableFuture::join)
                                .toList()),
                        null));
    }

    private CompletableFuture<StepEnd> runStep(
            Plan plan, PlannedStep step, List<Edge> predecessors, Map<String, CompletableFuture<StepEnd>> ends) {
        Optional<StepEnd> notCalled = StepEnd.withoutCalling(
                step, predecessors, id -> ends.get(id).join().ok());
        if (notCalled.isPresent()) {
            return CompletableFuture.completedFuture(notCalled.get());
        }
        Map<String, Object> args;
        try {
            args = References.resolve(
                    step.step().args(), id -> ends.get(id).join().output(), plan::producerOf);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(StepEnd.failed());
        }
        return calls.call(plan.planId(), step.id(), step.step().tool(), args)
                .handle((output, error) -> error == null ? StepEnd.succeeded(output) : StepEnd.failed());
    }
}
