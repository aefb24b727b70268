package io.planexec.plan;

import io.planexec.model.AgentRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An accepted request as a DAG: its steps with their resolved resources and routing, the edges between them with their
 * reasons, and the analysis. Immutable.
 */
public final class Plan implements PlanningOutcome {

    private final AgentRequest request;
    private final List<PlannedStep> steps;
    private final List<Edge> edges;
    private final List<String> order;
    private final PlanAnalysis analysis;
    private final Map<String, PlannedStep> byId;
    private final Map<String, List<Edge>> incoming;
    private final Map<String, List<Edge>> outgoing;

    Plan(AgentRequest request, List<PlannedStep> steps, List<Edge> edges, List<String> order, PlanAnalysis analysis) {
        this.request = request;
        this.steps = List.copyOf(steps);
        this.edges = List.copyOf(edges);
        this.order = List.copyOf(order);
        this.analysis = analysis;
        Map<String, PlannedStep> ids = new HashMap<>();
        Map<String, List<Edge>> in = new HashMap<>();
        Map<String, List<Edge>> out = new HashMap<>();
        for (PlannedStep s : steps) {
            ids.put(s.id(), s);
            in.put(s.id(), new ArrayList<>());
            out.put(s.id(), new ArrayList<>());
        }
        for (Edge e : edges) {
            out.get(e.from()).add(e);
            in.get(e.to()).add(e);
        }
        in.replaceAll((k, v) -> Collections.unmodifiableList(v));
        out.replaceAll((k, v) -> Collections.unmodifiableList(v));
        this.byId = Collections.unmodifiableMap(ids);
        this.incoming = Collections.unmodifiableMap(in);
        this.outgoing = Collections.unmodifiableMap(out);
    }

    @Override
    public String planId() {
        return request.planId();
    }

    public AgentRequest request() {
        return request;
    }

    /** The steps in request order. */
    public List<PlannedStep> steps() {
        return steps;
    }

    /** Every edge, each pair of steps at most once. */
    public List<Edge> edges() {
        return edges;
    }

    /** Step ids in an order where every edge goes forward (request order wherever data flow allows). */
    public List<String> order() {
        return order;
    }

    public PlanAnalysis analysis() {
        return analysis;
    }

    /** The step with this id. */
    public PlannedStep step(String id) {
        PlannedStep s = byId.get(id);
        if (s == null) {
            throw new IllegalArgumentException("plan '" + planId() + "' has no step '" + id + "'");
        }
        return s;
    }

    /** Whether the plan has a step with this id. */
    public boolean hasStep(String id) {
        return byId.containsKey(id);
    }

    /** The edges into a step: what it waits for. */
    public List<Edge> predecessors(String id) {
        step(id);
        return incoming.get(id);
    }

    /** The edges out of a step: what waits for it. */
    public List<Edge> successors(String id) {
        step(id);
        return outgoing.get(id);
    }

    /** The step producing an artifact, or {@code null}. */
    public String producerOf(String artifact) {
        for (PlannedStep s : steps) {
            if (s.step().produces().contains(artifact)) {
                return s.id();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Plan[" + planId() + ", " + steps.size() + " steps, " + edges.size() + " edges]";
    }
}
