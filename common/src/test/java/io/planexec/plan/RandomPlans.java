package io.planexec.plan;

import io.planexec.model.AgentRequest;
import io.planexec.model.Dialect;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestOptions;
import io.planexec.model.ToolSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded generator of random tool catalogs and acyclic requests, for property tests. It records the data-flow edges
 * it builds, so tests can check the planner against an independent model of the rules.
 */
final class RandomPlans {

    private static final java.util.List<LatencyClass> CLASSES = java.util.List.of(LatencyClass.values());

    /** Resource names the random tools touch: literals and templates over {@code path} and {@code table}. */
    private static final List<String> RESOURCES =
            List.of("db:a", "db:b", "db:c", "file:x", "file:{path}", "file:{path}", "db:{table}", "q:{path}/{table}");

    /**
     * One generated case.
     *
     * @param tools the catalog
     * @param request the request, in a random order unrelated to its data flow
     * @param dataFlow every data-flow edge as {@code {from, to}} request indexes
     */
    record Case(ToolCatalog tools, AgentRequest request, Set<List<Integer>> dataFlow) {}

    private final SplittableRandom random;

    RandomPlans(long seed) {
        this.random = new SplittableRandom(seed);
    }

    Case next(int maxSteps) {
        List<ToolSpec> specs = tools();
        int n = 1 + random.nextInt(maxSteps);
        // Data flow only goes from a lower rank to a higher one, so it is acyclic; ranks are unrelated to request
        // order.
        int[] rankToIndex = shuffled(n);
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "s" + i;
        }
        List<String> toolNames = specs.stream().map(ToolSpec::name).toList();
        Map<Integer, PlanStep> byIndex = new LinkedHashMap<>();
        Set<List<Integer>> dataFlow = new HashSet<>();
        Map<String, Integer> artifactProducer = new LinkedHashMap<>();
        for (int rank = 0; rank < n; rank++) {
            int index = rankToIndex[rank];
            String id = ids[index];
            String tool = random.nextInt(20) == 0 ? "ghost" : toolNames.get(random.nextInt(toolNames.size()));
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("path", argument(List.of("x", "y", "z"), rank, rankToIndex, ids, dataFlow, index));
            args.put("table", argument(List.of("a", "b"), rank, rankToIndex, ids, dataFlow, index));
            args.values().removeIf(v -> v == Missing.VALUE);
            List<String> dependsOn = new ArrayList<>();
            List<String> consumes = new ArrayList<>();
            if (rank > 0) {
                for (int k = random.nextInt(3); k > 0; k--) {
                    int from = rankToIndex[random.nextInt(rank)];
                    dependsOn.add(ids[from]);
                    dataFlow.add(List.of(from, index));
                }
                if (random.nextInt(3) == 0) {
                    int from = rankToIndex[random.nextInt(rank)];
                    args.put("data", Map.of(References.REF, ids[from], References.PATH, "/x"));
                    dataFlow.add(List.of(from, index));
                }
                List<String> available = new ArrayList<>(artifactProducer.keySet());
                if (!available.isEmpty() && random.nextInt(3) == 0) {
                    String a = available.get(random.nextInt(available.size()));
                    if (random.nextBoolean()) {
                        consumes.add(a);
                    } else {
                        args.put("input", Map.of(References.ARTIFACT, a));
                    }
                    dataFlow.add(List.of(artifactProducer.get(a), index));
                }
            }
            List<String> produces = new ArrayList<>();
            if (random.nextInt(3) == 0) {
                produces.add("art_" + id);
                artifactProducer.put("art_" + id, index);
            }
            byIndex.put(index, new PlanStep(id, tool, args, dependsOn, produces, consumes, null, null));
        }
        List<PlanStep> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(byIndex.get(i));
        }
        AgentRequest request = new AgentRequest("p-random", null, Dialect.STEPS, steps, RequestOptions.DEFAULTS);
        return new Case(ToolCatalog.of(specs), request, dataFlow);
    }

    private enum Missing {
        VALUE
    }

    /** A template argument: a scalar, missing, a non-scalar, or a reference to an earlier-ranked step. */
    private Object argument(
            List<String> values, int rank, int[] rankToIndex, String[] ids, Set<List<Integer>> dataFlow, int index) {
        int pick = random.nextInt(10);
        if (pick < 6) {
            return values.get(random.nextInt(values.size()));
        }
        if (pick < 8) {
            return Missing.VALUE;
        }
        if (pick < 9 || rank == 0) {
            return List.of("not", "a", "scalar");
        }
        int from = rankToIndex[random.nextInt(rank)];
        dataFlow.add(List.of(from, index));
        return Map.of(References.REF, ids[from]);
    }

    private List<ToolSpec> tools() {
        int count = 3 + random.nextInt(6);
        List<ToolSpec> specs = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            String name = "tool" + t;
            int kind = random.nextInt(10);
            ToolSpec.Builder b = ToolSpec.builder(name).latencyClass(CLASSES.get(random.nextInt(CLASSES.size())));
            if (kind == 0) {
                specs.add(b.build()); // no resource information
            } else if (kind == 1) {
                specs.add(b.touchesNothing().build());
            } else {
                specs.add(b.reads(pick(2)).writes(pick(2)).build());
            }
        }
        return specs;
    }

    private String[] pick(int max) {
        int count = random.nextInt(max + 1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(RESOURCES.get(random.nextInt(RESOURCES.size())));
        }
        return out.toArray(String[]::new);
    }

    private int[] shuffled(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
        return a;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
