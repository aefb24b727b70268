package io.planexec.plan;

import io.planexec.model.AgentRequest;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanError;
import io.planexec.model.PlanStep;
import io.planexec.model.ResourceTemplate;
import io.planexec.model.ResourceTemplate.Resource;
import io.planexec.model.StepQueues;
import io.planexec.model.ToolSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a request into a {@link Plan} (a DAG) or a {@link Rejection}. Pure: no I/O, no clock, thread-safe.
 *
 * <p>Step B waits for step A when:
 *
 * <ol>
 *   <li>explicit: B lists A in {@code depends_on};
 *   <li>data flow: B's arguments hold {@code {"$ref": "A"}}, or B consumes an artifact A produces ({@code consumes}, or
 *       {@code {"$artifact": "x"}} in its arguments);
 *   <li>resource conflict: A comes first and both touch a resource that at least one of them writes (readers never
 *       conflict with readers); a step whose tool has no resource information conflicts with every other step.
 * </ol>
 *
 * Resource conflicts are ordered by request order, except where data flow requires the opposite order: then the data
 * flow wins, so a plan is only rejected for a cycle that its data flow itself contains. Edges are kept small: a writer
 * waits for the readers since the previous write, or for the previous writer if none read since; a reader waits for
 * the previous writer.
 *
 * <p>Rejected: duplicate step ids, {@code depends_on} or {@code $ref} naming no step, consumed artifacts that no step or
 * several steps produce, malformed reference objects, and cycles (named by their path). A step whose tool is unknown,
 * or whose arguments could not be parsed, does not reject the plan: it fails without running (its error lists the
 * known tools) and the steps that need its output are skipped.
 */
public final class Planner {

    private final PlannerSettings settings;

    public Planner(PlannerSettings settings) {
        this.settings = settings;
    }

    public Planner() {
        this(PlannerSettings.DEFAULTS);
    }

    /** Plans a request against the registered tools. */
    public PlanningOutcome plan(AgentRequest request, ToolCatalog tools) {
        List<PlanStep> steps = request.steps();
        List<PlanError> errors = new ArrayList<>();

        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Integer previous = index.putIfAbsent(steps.get(i).id(), i);
            if (previous != null) {
                String id = steps.get(i).id();
                errors.add(new PlanError(
                        List.of(id),
                        "duplicate step id '" + id + "': steps #" + (previous + 1) + " and #" + (i + 1)
                                + " both use it"));
            }
        }
        if (!errors.isEmpty()) {
            return new Rejection(request.planId(), errors);
        }

        Map<String, List<String>> producers = new LinkedHashMap<>();
        for (PlanStep s : steps) {
            for (String artifact : s.produces()) {
                producers.computeIfAbsent(artifact, a -> new ArrayList<>()).add(s.id());
            }
        }
        producers.forEach((artifact, ids) -> {
            if (ids.size() > 1) {
                errors.add(new PlanError(
                        ids,
                        "artifact '" + artifact + "' is produced by several steps: " + String.join(", ", ids)
                                + " (an artifact has exactly one producer)"));
            }
        });

        EdgeSet edges = new EdgeSet(index);
        for (PlanStep s : steps) {
            dataFlowEdges(s, index, producers, edges, errors);
        }
        if (!errors.isEmpty()) {
            return new Rejection(request.planId(), errors);
        }

        List<Integer> order = dataFlowOrder(steps.size(), edges);
        if (order.size() < steps.size()) {
            List<String> cycle = findCycle(steps, edges, order);
            return new Rejection(
                    request.planId(), List.of(new PlanError(cycle, "cycle: " + String.join(" -> ", cycle))));
        }

        List<PlannedStep> planned = new ArrayList<>(steps.size());
        Map<String, ResourceTemplate> templates = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            planned.add(plannedStep(request.planId(), i, steps.get(i), tools, templates));
        }
        new ConflictTracker(planned, edges).addResourceEdges(order);

        List<String> orderIds = order.stream().map(i -> steps.get(i).id()).toList();
        List<Edge> edgeList = edges.toEdges(steps);
        PlanAnalysis analysis = analyse(planned, edges, order);
        return new Plan(request, planned, edgeList, orderIds, analysis);
    }

    private static void dataFlowEdges(
            PlanStep s,
            Map<String, Integer> index,
            Map<String, List<String>> producers,
            EdgeSet edges,
            List<PlanError> errors) {
        for (String dep : s.dependsOn()) {
            if (!index.containsKey(dep)) {
                errors.add(new PlanError(
                        List.of(s.id()),
                        "step '" + s.id() + "': depends_on names '" + dep + "', which is not a step of this plan"));
            } else {
                edges.add(dep, s.id(), EdgeReason.Kind.EXPLICIT, s.id() + " lists " + dep + " in depends_on");
            }
        }
        References.Scan scan = References.scan(s.args());
        for (String problem : scan.problems()) {
            errors.add(new PlanError(List.of(s.id()), "step '" + s.id() + "': " + problem));
        }
        for (References.Reference ref : scan.references()) {
            if (ref.kind().equals(References.REF)) {
                if (!index.containsKey(ref.target())) {
                    errors.add(new PlanError(
                            List.of(s.id()),
                            "step '" + s.id() + "': $ref '" + ref.target() + "' at " + ref.location()
                                    + " names no step of this plan"
                                    + (looksLikeAUri(ref.target())
                                            ? " (to pass an object that holds $ref as it is, such as a JSON Schema,"
                                                    + " wrap it: {\"$literal\": ...})"
                                            : "")));
                } else {
                    edges.add(
                            ref.target(),
                            s.id(),
                            EdgeReason.Kind.REF,
                            s.id() + " uses the output of " + ref.target() + " (" + ref.location() + ")");
                }
            } else {
                artifactEdge(
                        s,
                        ref.target(),
                        "$artifact '" + ref.target() + "' at " + ref.location(),
                        producers,
                        edges,
                        errors);
            }
        }
        for (String artifact : s.consumes()) {
            artifactEdge(s, artifact, "consumes artifact '" + artifact + "'", producers, edges, errors);
        }
    }

    private static void artifactEdge(
            PlanStep s,
            String artifact,
            String what,
            Map<String, List<String>> producers,
            EdgeSet edges,
            List<PlanError> errors) {
        List<String> ids = producers.get(artifact);
        if (ids == null) {
            errors.add(new PlanError(List.of(s.id()), "step '" + s.id() + "': " + what + ", but no step produces it"));
        } else if (ids.size() == 1) {
            edges.add(
                    ids.get(0),
                    s.id(),
                    EdgeReason.Kind.ARTIFACT,
                    s.id() + " consumes artifact '" + artifact + "' produced by " + ids.get(0));
        }
    }

    /** Kahn's algorithm over the data-flow edges, always taking the earliest step in request order that is ready. */
    private static List<Integer> dataFlowOrder(int n, EdgeSet edges) {
        int[] indegree = new int[n];
        for (int to = 0; to < n; to++) {
            indegree[to] = edges.predecessorsOf(to).size();
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        List<Integer> order = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(i);
            for (int next : edges.successorsOf(i)) {
                if (--indegree[next] == 0) {
                    ready.add(next);
                }
            }
        }
        return order;
    }

    /** A cycle among the steps Kahn's algorithm could not order, as a path that ends where it starts. */
    private static List<String> findCycle(List<PlanStep> steps, EdgeSet edges, List<Integer> ordered) {
        Set<Integer> done = new HashSet<>(ordered);
        int start = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (!done.contains(i)) {
                start = i;
                break;
            }
        }
        // Walk backwards along unordered predecessors: every unordered step has one, so the walk must repeat a step.
        Map<Integer, Integer> seenAt = new HashMap<>();
        List<Integer> walk = new ArrayList<>();
        int current = start;
        while (!seenAt.containsKey(current)) {
            seenAt.put(current, walk.size());
            walk.add(current);
            int next = -1;
            for (int p : edges.predecessorsOf(current)) {
                if (!done.contains(p)) {
                    next = p;
                    break;
                }
            }
            current = next;
        }
        List<Integer> loop = new ArrayList<>(walk.subList(seenAt.get(current), walk.size()));
        Collections.reverse(loop); // predecessor walk reversed: now each step is followed by what waits for it
        int first = 0;
        for (int k = 1; k < loop.size(); k++) {
            if (loop.get(k) < loop.get(first)) {
                first = k;
            }
        }
        List<String> path = new ArrayList<>();
        for (int k = 0; k <= loop.size(); k++) {
            path.add(steps.get(loop.get((first + k) % loop.size())).id());
        }
        return path;
    }

    private static PlannedStep plannedStep(
            String planId, int i, PlanStep step, ToolCatalog tools, Map<String, ResourceTemplate> templates) {
        Optional<ToolSpec> found = tools.find(step.tool());
        if (found.isEmpty()) {
            String error = "unknown tool '" + step.tool() + "'. Known tools: "
                    + (tools.names().isEmpty() ? "none are registered" : String.join(", ", tools.names()));
            return new PlannedStep(
                    i,
                    step,
                    null,
                    List.of(),
                    List.of(),
                    false,
                    planId + "/" + step.id(),
                    LatencyClass.MEDIUM,
                    StepQueues.of(LatencyClass.MEDIUM),
                    error);
        }
        ToolSpec spec = found.get();
        List<Resource> reads = resolve(spec.reads(), step, templates);
        List<Resource> writes = resolve(spec.writes(), step, templates);
        String routingKey;
        if (spec.routingKey() != null) {
            Resource key = templates
                    .computeIfAbsent(spec.routingKey(), ResourceTemplate::parse)
                    .resolve(References.withLiteralsUnwrapped(step.args()));
            routingKey = key.name();
        } else if (!writes.isEmpty()) {
            routingKey = writes.get(0).name();
        } else {
            routingKey = planId + "/" + step.id();
        }
        return new PlannedStep(
                i,
                step,
                spec,
                reads,
                writes,
                spec.hasResourceInfo(),
                routingKey,
                spec.latencyClass(),
                spec.effectiveQueue(),
                step.argumentsError());
    }

    /** Whether a {@code $ref} target reads like a JSON Schema or URI reference rather than a step id. */
    private static boolean looksLikeAUri(String target) {
        return target.startsWith("#") || target.contains("/") || target.contains(":");
    }

    /** The resources a step touches; {@code parsed} caches the templates for the whole plan. */
    private static List<Resource> resolve(List<String> templates, PlanStep step, Map<String, ResourceTemplate> parsed) {
        if (templates == null || templates.isEmpty()) {
            return List.of();
        }
        Map<String, Object> args = References.withLiteralsUnwrapped(step.args());
        if (templates.size() == 1) {
            return List.of(parsed.computeIfAbsent(templates.get(0), ResourceTemplate::parse)
                    .resolve(args));
        }
        Set<Resource> out = new LinkedHashSet<>();
        for (String t : templates) {
            out.add(parsed.computeIfAbsent(t, ResourceTemplate::parse).resolve(args));
        }
        return List.copyOf(out);
    }

    private PlanAnalysis analyse(List<PlannedStep> steps, EdgeSet edges, List<Integer> order) {
        int n = steps.size();
        int[] level = new int[n];
        long[] finish = new long[n];
        int[] via = new int[n];
        long serial = 0;
        int maxLevel = 0;
        for (int i : order) {
            PlannedStep s = steps.get(i);
            long duration = s.failsAtPlanning() ? 0 : settings.estimateMs(s.latencyClass());
            serial += duration;
            int lvl = 0;
            long start = 0;
            via[i] = -1;
            for (int p : edges.predecessorsOf(i)) {
                lvl = Math.max(lvl, level[p] + 1);
                boolean later = finish[p] > start || (finish[p] == start && (via[i] < 0 || p < via[i]));
                if (later) {
                    start = finish[p];
                    via[i] = p;
                }
            }
            level[i] = lvl;
            finish[i] = start + duration;
            maxLevel = Math.max(maxLevel, lvl);
        }
        List<List<String>> levels = new ArrayList<>();
        for (int k = 0; k <= maxLevel; k++) {
            levels.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            levels.get(level[i]).add(steps.get(i).id());
        }
        int end = 0;
        for (int i = 1; i < n; i++) {
            if (finish[i] > finish[end]) {
                end = i;
            }
        }
        Deque<String> path = new ArrayDeque<>();
        for (int i = end; i >= 0; i = via[i]) {
            path.addFirst(steps.get(i).id());
        }
        int width = levels.stream().mapToInt(List::size).max().orElse(0);
        return new PlanAnalysis(levels, List.copyOf(path), finish[end], serial, width);
    }

    /** Edges by step index, merging the reasons of the same pair. */
    static final class EdgeSet {
        private final Map<String, Integer> index;
        private final List<Map<Integer, List<EdgeReason>>> in;
        private final List<List<Integer>> out;

        EdgeSet(Map<String, Integer> index) {
            this.index = index;
            int n = index.size();
            this.in = new ArrayList<>(n);
            this.out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                in.add(new LinkedHashMap<>());
                out.add(new ArrayList<>());
            }
        }

        void add(String from, String to, EdgeReason.Kind kind, String detail) {
            add(index.get(from), index.get(to), kind, detail);
        }

        void add(int from, int to, EdgeReason.Kind kind, String detail) {
            if (from == to) {
                // A step referring to itself: a cycle of one, reported as such by the cycle search.
                in.get(to).computeIfAbsent(from, f -> new ArrayList<>()).add(new EdgeReason(kind, detail));
                out.get(from).add(to);
                return;
            }
            List<EdgeReason> reasons = in.get(to).get(from);
            if (reasons == null) {
                reasons = new ArrayList<>(1);
                in.get(to).put(from, reasons);
                out.get(from).add(to);
            }
            for (EdgeReason r : reasons) {
                if (r.kind() == kind && r.detail().equals(detail)) {
                    return;
                }
            }
            reasons.add(new EdgeReason(kind, detail));
        }

        Set<Integer> predecessorsOf(int to) {
            return in.get(to).keySet();
        }

        List<Integer> successorsOf(int from) {
            return out.get(from);
        }

        List<Edge> toEdges(List<PlanStep> steps) {
            List<Edge> edges = new ArrayList<>();
            for (int to = 0; to < steps.size(); to++) {
                for (Map.Entry<Integer, List<EdgeReason>> e : in.get(to).entrySet()) {
                    edges.add(new Edge(steps.get(e.getKey()).id(), steps.get(to).id(), e.getValue()));
                }
            }
            edges.sort((a, b) -> {
                int c = Integer.compare(index.get(a.to()), index.get(b.to()));
                return c != 0 ? c : Integer.compare(index.get(a.from()), index.get(b.from()));
            });
            return edges;
        }
    }

    /** Adds resource and no-spec edges, visiting steps in an order consistent with data flow. */
    private static final class ConflictTracker {
        private final List<PlannedStep> steps;
        private final EdgeSet edges;
        private final TreeMap<String, Access> exact = new TreeMap<>();
        private final Map<String, Access> prefixes = new LinkedHashMap<>();
        private int lastAlone = -1;
        private final List<Integer> sinceAlone = new ArrayList<>();

        ConflictTracker(List<PlannedStep> steps, EdgeSet edges) {
            this.steps = steps;
            this.edges = edges;
        }

        /** Who last wrote a resource and who has read it since. */
        private static final class Access {
            final Resource resource;
            int writer = -1;
            final List<Integer> readers = new ArrayList<>();

            Access(Resource resource) {
                this.resource = resource;
            }
        }

        void addResourceEdges(List<Integer> order) {
            for (int i : order) {
                PlannedStep s = steps.get(i);
                if (s.failsAtPlanning()) {
                    continue; // never runs, so it cannot conflict
                }
                if (!s.hasResourceInfo()) {
                    runAlone(i);
                    continue;
                }
                if (lastAlone >= 0) {
                    edges.add(lastAlone, i, EdgeReason.Kind.NO_SPEC, aloneDetail(lastAlone));
                }
                sinceAlone.add(i);
                for (Resource w : s.writes()) {
                    touch(i, w, true);
                }
                for (Resource r : s.reads()) {
                    if (!s.writes().contains(r)) {
                        touch(i, r, false);
                    }
                }
            }
        }

        private void runAlone(int i) {
            if (sinceAlone.isEmpty() && lastAlone >= 0) {
                edges.add(lastAlone, i, EdgeReason.Kind.NO_SPEC, aloneDetail(lastAlone));
            }
            for (int before : sinceAlone) {
                edges.add(before, i, EdgeReason.Kind.NO_SPEC, aloneDetail(i));
            }
            sinceAlone.clear();
            exact.clear();
            prefixes.clear();
            lastAlone = i;
        }

        private String aloneDetail(int alone) {
            PlannedStep s = steps.get(alone);
            return s.id() + " (" + s.step().tool() + ") declares no resources, so it runs alone";
        }

        private void touch(int i, Resource resource, boolean write) {
            String me = steps.get(i).id();
            for (Access a : overlapping(resource)) {
                String shown = a.resource.equals(resource) ? resource.toString() : a.resource + " / " + resource;
                boolean readersSince = write && a.readers.stream().anyMatch(r -> r != i);
                // A writer after readers waits for the readers only: they already wait for the previous writer.
                if (a.writer >= 0 && a.writer != i && !readersSince) {
                    String other = steps.get(a.writer).id();
                    edges.add(
                            a.writer,
                            i,
                            EdgeReason.Kind.RESOURCE,
                            write ? "both write " + shown : other + " writes " + shown + ", " + me + " reads it");
                }
                if (write) {
                    for (int reader : a.readers) {
                        if (reader != i) {
                            edges.add(
                                    reader,
                                    i,
                                    EdgeReason.Kind.RESOURCE,
                                    steps.get(reader).id() + " reads " + shown + ", " + me + " writes it");
                        }
                    }
                }
            }
            Access own = resource.isPrefix()
                    ? prefixes.computeIfAbsent(resource.name(), k -> new Access(resource))
                    : exact.computeIfAbsent(resource.name(), k -> new Access(resource));
            if (write) {
                own.writer = i;
                own.readers.clear();
                if (resource.isPrefix()) {
                    // A write to every resource under the prefix supersedes what came before on each of them.
                    for (Access a : under(resource.name())) {
                        a.writer = i;
                        a.readers.clear();
                    }
                }
            } else {
                own.readers.add(i);
            }
        }

        /** The exact resources that start with {@code prefix}. */
        private List<Access> under(String prefix) {
            List<Access> out = new ArrayList<>();
            for (Map.Entry<String, Access> e : exact.tailMap(prefix, true).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                out.add(e.getValue());
            }
            return out;
        }

        private List<Access> overlapping(Resource resource) {
            List<Access> out = new ArrayList<>();
            if (resource.isPrefix()) {
                out.addAll(under(resource.name()));
            } else {
                Access a = exact.get(resource.name());
                if (a != null) {
                    out.add(a);
                }
            }
            for (Access p : prefixes.values()) {
                if (p.resource.overlaps(resource)) {
                    out.add(p);
                }
            }
            return out;
        }
    }
}
