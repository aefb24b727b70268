package io.planexec.planner.state;

import io.planexec.model.Dialect;
import io.planexec.model.ToolSpec;
import io.planexec.model.TraceContext;
import io.planexec.plan.Edge;
import io.planexec.plan.Plan;
import io.planexec.plan.PlannedStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The immutable part of a plan run, written once when the plan is accepted: the steps in request order with their
 * release policy and edges, the order in which every edge goes forward, and where artifacts come from. It never changes
 * while the plan runs, so the planner parses it once and keeps it in a {@link DefinitionCache}.
 */
public final class PlanDefinition {

    private final String planId;
    private final String replyTo;
    private final Dialect dialect;
    private final long acceptedAtMs;
    private final long deadlineMs;
    private final List<StepDefinition> steps;
    private final List<Integer> order;
    private final Map<String, String> artifactProducers;
    private final Map<String, Integer> indexById;
    private final List<List<Integer>> successors;
    private final TraceContext trace;

    /**
     * @param trace the plan's trace context, carried on every record of the plan; {@code null} for a definition
     *     stored by a planner that kept none
     */
    public PlanDefinition(
            String planId,
            String replyTo,
            Dialect dialect,
            long acceptedAtMs,
            long deadlineMs,
            List<StepDefinition> steps,
            List<Integer> order,
            Map<String, String> artifactProducers,
            TraceContext trace) {
        this.trace = trace;
        this.planId = planId;
        this.replyTo = replyTo;
        this.dialect = dialect;
        this.acceptedAtMs = acceptedAtMs;
        this.deadlineMs = deadlineMs;
        this.steps = List.copyOf(steps);
        this.order = List.copyOf(order);
        this.artifactProducers = Map.copyOf(artifactProducers);
        if (this.order.size() != this.steps.size()) {
            throw new IllegalArgumentException("plan '" + planId + "': order has " + this.order.size() + " entries for "
                    + this.steps.size() + " steps");
        }
        Map<String, Integer> ids = new HashMap<>(this.steps.size() * 2);
        List<List<Integer>> out = new ArrayList<>(this.steps.size());
        for (int i = 0; i < this.steps.size(); i++) {
            StepDefinition s = this.steps.get(i);
            if (s.index() != i) {
                throw new IllegalArgumentException(
                        "plan '" + planId + "': step '" + s.id() + "' has index " + s.index() + " at position " + i);
            }
            ids.put(s.id(), i);
            out.add(new ArrayList<>(2));
        }
        for (StepDefinition s : this.steps) {
            for (Dependency d : s.predecessors()) {
                if (d.step() >= this.steps.size()) {
                    throw new IllegalArgumentException(
                            "plan '" + planId + "': step '" + s.id() + "' depends on index " + d.step());
                }
                out.get(d.step()).add(s.index());
            }
        }
        this.indexById = Map.copyOf(ids);
        this.successors = out.stream().map(List::copyOf).toList();
    }

    /**
     * The definition of an accepted plan.
     *
     * @param plan the planner's DAG
     * @param acceptedAtMs when the planner accepted it
     * @param deadlineMs when it must have finished
     * @param trace the trace context its records carry ({@code null}: none)
     */
    public static PlanDefinition of(Plan plan, long acceptedAtMs, long deadlineMs, TraceContext trace) {
        Integer retriesOverride = plan.request().options().maxRetries();
        Map<String, Integer> index = new HashMap<>();
        for (PlannedStep s : plan.steps()) {
            index.put(s.id(), s.index());
        }
        List<StepDefinition> steps = new ArrayList<>(plan.steps().size());
        for (PlannedStep s : plan.steps()) {
            List<Dependency> preds = new ArrayList<>();
            for (Edge e : plan.predecessors(s.id())) {
                String reason = e.reasons().stream()
                        .map(r -> r.kind().wireName())
                        .distinct()
                        .collect(Collectors.joining(","));
                preds.add(new Dependency(index.get(e.from()), e.isDataFlow(), reason));
            }
            ToolSpec spec = s.spec();
            long timeoutMs = spec == null ? ToolSpec.DEFAULT_TIMEOUT_MS : spec.timeoutMs();
            boolean idempotent = spec != null && spec.idempotent();
            int maxRetries = 0;
            if (idempotent) {
                maxRetries = retriesOverride != null
                        ? retriesOverride
                        : spec.maxRetries() != null ? spec.maxRetries() : ToolSpec.DEFAULT_MAX_RETRIES;
            }
            steps.add(new StepDefinition(
                    s.index(),
                    s.id(),
                    s.step().tool(),
                    s.step().args(),
                    s.latencyClass(),
                    s.queue(),
                    s.routingKey(),
                    timeoutMs,
                    idempotent,
                    maxRetries,
                    s.error(),
                    preds));
        }
        List<Integer> order = plan.order().stream().map(index::get).toList();
        Map<String, String> artifacts = new LinkedHashMap<>();
        for (PlannedStep s : plan.steps()) {
            for (String artifact : s.step().produces()) {
                artifacts.put(artifact, s.id());
            }
        }
        return new PlanDefinition(
                plan.planId(),
                plan.request().replyTo(),
                plan.request().dialect(),
                acceptedAtMs,
                deadlineMs,
                steps,
                order,
                artifacts,
                trace);
    }

    /** The plan's trace context, or {@code null} when its definition was stored without one. */
    public TraceContext trace() {
        return trace;
    }

    public String planId() {
        return planId;
    }

    /** The topic the request asked for, or {@code null} for the default. */
    public String replyTo() {
        return replyTo;
    }

    public Dialect dialect() {
        return dialect;
    }

    public long acceptedAtMs() {
        return acceptedAtMs;
    }

    public long deadlineMs() {
        return deadlineMs;
    }

    /** The steps in request order. */
    public List<StepDefinition> steps() {
        return steps;
    }

    public int size() {
        return steps.size();
    }

    public StepDefinition step(int index) {
        return steps.get(index);
    }

    /** The index of a step, or {@code -1} if the plan has no such step. */
    public int indexOf(String stepId) {
        Integer i = indexById.get(stepId);
        return i == null ? -1 : i;
    }

    /** Step indexes in an order where every edge goes forward. */
    public List<Integer> order() {
        return order;
    }

    /** The indexes of the steps that wait for this one. */
    public List<Integer> successors(int index) {
        return successors.get(index);
    }

    /** The id of the step producing an artifact, or {@code null}. */
    public String producerOf(String artifact) {
        return artifactProducers.get(artifact);
    }

    /** Every artifact and the id of the step producing it. */
    public Map<String, String> artifactProducers() {
        return artifactProducers;
    }

    @Override
    public String toString() {
        return "PlanDefinition[" + planId + ", " + steps.size() + " steps]";
    }
}
