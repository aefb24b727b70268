package io.planexec.bench.jmh;

import io.planexec.model.AgentRequest;
import io.planexec.model.Dialect;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestOptions;
import io.planexec.model.ToolSpec;
import io.planexec.plan.References;
import io.planexec.plan.ToolCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible planning workload: {@code steps} tool calls over {@code resources} resources, mixed like an
 * agent's batch of calls.
 *
 * <ul>
 *   <li>60% {@code read} (reads {@code res:{key}}), 25% {@code write} (writes it), 5% {@code update} (reads and writes
 *       it), 10% {@code compute} (touches nothing); each resource step picks its key uniformly among {@code resources};
 *   <li>10% of the steps also take an earlier step's output ({@code {"$ref": ..., "path": "/value"}}), and 1% produce
 *       an artifact that one later step consumes.
 * </ul>
 *
 * @param request the request (OpenAI-like ids {@code call_<n>}, explicit-steps dialect so artifacts can be used)
 * @param tools the four tools
 */
public record PlanningWorkload(AgentRequest request, ToolCatalog tools) {

    /** The seed of the published figures (docs/benchmarks.md). */
    public static final long DEFAULT_SEED = 20_260_131L;

    /** The tools of the workload. */
    public static ToolCatalog catalog() {
        return ToolCatalog.of(List.of(
                ToolSpec.builder("read")
                        .reads("res:{key}")
                        .idempotent(true)
                        .latencyClass(LatencyClass.FAST)
                        .build(),
                ToolSpec.builder("write")
                        .writes("res:{key}")
                        .latencyClass(LatencyClass.FAST)
                        .build(),
                ToolSpec.builder("update")
                        .reads("res:{key}")
                        .writes("res:{key}")
                        .latencyClass(LatencyClass.MEDIUM)
                        .build(),
                ToolSpec.builder("compute")
                        .touchesNothing()
                        .idempotent(true)
                        .latencyClass(LatencyClass.SLOW)
                        .build()));
    }

    /** Generates a workload. */
    public static PlanningWorkload generate(int steps, int resources, long seed) {
        if (steps < 1 || resources < 1) {
            throw new IllegalArgumentException(
                    "a workload needs at least one step and one resource, got " + steps + " and " + resources);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<PlanStep> out = new ArrayList<>(steps);
        List<String> pendingArtifacts = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            String id = "call_" + i;
            int kind = random.nextInt(100);
            String tool = kind < 60 ? "read" : kind < 85 ? "write" : kind < 90 ? "update" : "compute";
            Map<String, Object> args = new LinkedHashMap<>();
            if (!tool.equals("compute")) {
                args.put("key", "r" + random.nextInt(resources));
            }
            if (i > 0 && random.nextInt(10) == 0) {
                args.put("input", Map.of(References.REF, "call_" + random.nextInt(i), References.PATH, "/value"));
            }
            List<String> produces = List.of();
            List<String> consumes = List.of();
            if (!pendingArtifacts.isEmpty() && random.nextInt(100) == 0) {
                consumes = List.of(pendingArtifacts.remove(pendingArtifacts.size() - 1));
            } else if (random.nextInt(100) == 0) {
                produces = List.of("artifact_" + i);
                pendingArtifacts.add("artifact_" + i);
            }
            out.add(new PlanStep(id, tool, args, List.of(), produces, consumes, null, null));
        }
        AgentRequest request =
                new AgentRequest("bench-" + steps + "-" + resources, null, Dialect.STEPS, out, RequestOptions.DEFAULTS);
        return new PlanningWorkload(request, catalog());
    }
}
