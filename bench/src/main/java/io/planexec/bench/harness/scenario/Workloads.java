package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.tools.BenchTools;
import io.planexec.client.Requests;
import io.planexec.model.AgentRequest;
import java.util.Map;

/** The requests of the scenarios: the same ones go to planexec and to the baselines. */
public final class Workloads {

    /** The number of shapes {@link #fourSteps} cycles through. */
    public static final int FOUR_STEP_SHAPES = 4;

    private Workloads() {}

    /** {@code n} independent calls of a 0-ms tool, as an LLM's parallel tool calls (OpenAI dialect). */
    public static AgentRequest independent(String planId, int n) {
        Requests.Builder b = Requests.openAi(planId);
        for (int i = 0; i < n; i++) {
            b.call("call_" + i, BenchTools.NOOP, Map.of());
        }
        return b.build();
    }

    /** A chain of {@code depth} 0-ms steps, each taking the previous one's output ({@code $ref}). */
    public static AgentRequest chain(String planId, int depth) {
        Requests.Builder b = Requests.steps(planId).step("s0", BenchTools.NOOP, Map.of());
        for (int i = 1; i < depth; i++) {
            b.step("s" + i, BenchTools.NOOP, Map.of("in", Requests.ref("s" + (i - 1))));
        }
        return b.build();
    }

    /**
     * A 4-step plan of one of four shapes, by {@code shape % 4}: four independent steps; a chain of four; a diamond
     * (a, then b and c, then d); two chains of two.
     *
     * @param tool a tool that takes no arguments (or ignores them) and touches nothing
     */
    public static AgentRequest fourSteps(String planId, int shape, String tool) {
        Requests.Builder b = Requests.steps(planId);
        switch (Math.floorMod(shape, FOUR_STEP_SHAPES)) {
            case 0 ->
                b.step("a", tool, Map.of())
                        .step("b", tool, Map.of())
                        .step("c", tool, Map.of())
                        .step("d", tool, Map.of());
            case 1 ->
                b.step("a", tool, Map.of())
                        .step("b", tool, Map.of())
                        .dependsOn("a")
                        .step("c", tool, Map.of())
                        .dependsOn("b")
                        .step("d", tool, Map.of())
                        .dependsOn("c");
            case 2 ->
                b.step("a", tool, Map.of())
                        .step("b", tool, Map.of())
                        .dependsOn("a")
                        .step("c", tool, Map.of())
                        .dependsOn("a")
                        .step("d", tool, Map.of())
                        .dependsOn("b", "c");
            default ->
                b.step("a", tool, Map.of())
                        .step("b", tool, Map.of())
                        .step("c", tool, Map.of())
                        .dependsOn("a")
                        .step("d", tool, Map.of())
                        .dependsOn("b");
        }
        return b.build();
    }

    /** {@code n} independent 0-ms steps. */
    public static AgentRequest fanout(String planId, int n) {
        Requests.Builder b = Requests.steps(planId);
        for (int i = 0; i < n; i++) {
            b.step("s" + i, BenchTools.NOOP, Map.of());
        }
        return b.build();
    }

    /** {@code writes} steps that all write {@code ledger:<key>} with {@code tool} (so they run in request order). */
    public static AgentRequest hotWrites(String planId, String key, int writes, String tool) {
        Requests.Builder b = Requests.steps(planId);
        for (int i = 0; i < writes; i++) {
            b.step("w" + i, tool, Map.of("key", key));
        }
        return b.build();
    }

    /**
     * The in-process design's example, as {@code planexec demo} runs it: weather, news and a sleep, each taking {@code
     * toolMs}, independent of one another (the demo tools).
     */
    public static AgentRequest seed(String planId, int toolMs) {
        return Requests.openAi(planId)
                .call("call_1", "get_weather", Map.of("city", "SF", "delay_ms", toolMs))
                .call("call_2", "get_news", Map.of("topic", "tech", "delay_ms", toolMs))
                .call("call_3", "sleep", Map.of("ms", toolMs, "value", "done"))
                .build();
    }
}
