package io.planexec.plan;

import io.planexec.model.AgentRequest;
import io.planexec.model.Dialect;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestOptions;
import io.planexec.model.ToolSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small builders for planner tests: tools, steps and requests in a line each. */
final class Fixtures {

    private Fixtures() {}

    /** A FAST tool reading and writing the given resources. */
    static ToolSpec tool(String name, List<String> reads, List<String> writes) {
        return ToolSpec.builder(name)
                .reads(reads.toArray(String[]::new))
                .writes(writes.toArray(String[]::new))
                .latencyClass(LatencyClass.FAST)
                .build();
    }

    static ToolSpec reader(String name, String... resources) {
        return tool(name, List.of(resources), List.of());
    }

    static ToolSpec writer(String name, String... resources) {
        return tool(name, List.of(), List.of(resources));
    }

    /** A tool that touches nothing, of the given latency class. */
    static ToolSpec pure(String name, LatencyClass latencyClass) {
        return ToolSpec.builder(name)
                .touchesNothing()
                .latencyClass(latencyClass)
                .build();
    }

    /** A tool whose spec says nothing about resources: its steps run alone. */
    static ToolSpec noSpec(String name) {
        return ToolSpec.builder(name).latencyClass(LatencyClass.FAST).build();
    }

    static ToolCatalog catalog(ToolSpec... specs) {
        return ToolCatalog.of(Arrays.asList(specs));
    }

    static PlanStep step(String id, String tool) {
        return PlanStep.of(id, tool, Map.of());
    }

    static PlanStep step(String id, String tool, Map<String, Object> args) {
        return PlanStep.of(id, tool, args);
    }

    static PlanStep step(
            String id,
            String tool,
            Map<String, Object> args,
            List<String> dependsOn,
            List<String> produces,
            List<String> consumes) {
        return new PlanStep(id, tool, args, dependsOn, produces, consumes, null, null);
    }

    static PlanStep dependsOn(String id, String tool, String... dependencies) {
        return step(id, tool, Map.of(), List.of(dependencies), List.of(), List.of());
    }

    static PlanStep produces(String id, String tool, String... artifacts) {
        return step(id, tool, Map.of(), List.of(), List.of(artifacts), List.of());
    }

    static PlanStep consumes(String id, String tool, String... artifacts) {
        return step(id, tool, Map.of(), List.of(), List.of(), List.of(artifacts));
    }

    static Map<String, Object> ref(String step) {
        return Map.of(References.REF, step);
    }

    static Map<String, Object> ref(String step, String path) {
        return Map.of(References.REF, step, References.PATH, path);
    }

    static Map<String, Object> artifact(String name) {
        return Map.of(References.ARTIFACT, name);
    }

    static AgentRequest request(PlanStep... steps) {
        return request(List.of(steps));
    }

    static AgentRequest request(List<PlanStep> steps) {
        return new AgentRequest("p-test", null, Dialect.STEPS, steps, RequestOptions.DEFAULTS);
    }

    /** Plans and expects acceptance. */
    static Plan plan(ToolCatalog tools, PlanStep... steps) {
        PlanningOutcome outcome = new Planner().plan(request(steps), tools);
        if (outcome instanceof Rejection rejection) {
            throw new AssertionError("expected a plan, got a rejection: " + rejection.errors());
        }
        return (Plan) outcome;
    }

    /** Plans and expects a rejection. */
    static Rejection reject(ToolCatalog tools, PlanStep... steps) {
        PlanningOutcome outcome = new Planner().plan(request(steps), tools);
        if (outcome instanceof Plan plan) {
            throw new AssertionError("expected a rejection, got " + plan + " with edges " + plan.edges());
        }
        return (Rejection) outcome;
    }

    /** The edges as "from->to" strings, in the plan's order. */
    static List<String> pairs(Plan plan) {
        return plan.edges().stream().map(e -> e.from() + "->" + e.to()).toList();
    }

    /** The reasons of the edge from one step to another, as "kind: detail". */
    static List<String> reasons(Plan plan, String from, String to) {
        return plan.edges().stream()
                .filter(e -> e.from().equals(from) && e.to().equals(to))
                .flatMap(e -> e.reasons().stream())
                .map(r -> r.kind().wireName() + ": " + r.detail())
                .toList();
    }
}
