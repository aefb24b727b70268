package io.planexec.bench.harness.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.client.Requests;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.AgentRequest;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanStatus;
import io.planexec.model.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnginesTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> argsByStep = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final Toolbox toolbox = new Toolbox()
            .register(Tool.sync(spec("echo"), (args, ctx) -> {
                calls.add(ctx.stepId());
                argsByStep.put(ctx.stepId(), args);
                return Map.of("seen", args);
            }))
            .register(Tool.sync(spec("boom"), (args, ctx) -> {
                calls.add(ctx.stepId());
                throw new IllegalStateException("boom");
            }));

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    private static ToolSpec spec(String name) {
        return ToolSpec.builder(name)
                .touchesNothing()
                .idempotent(true)
                .latencyClass(LatencyClass.FAST)
                .build();
    }

    @Test
    void shouldRunAChainInOrderPassingEachOutputOnInProcess() throws Exception {
        shouldRunAChainInOrderPassingEachOutputOn(new InProcessEngine(toolbox, workers));
    }

    @Test
    void shouldRunAChainInOrderPassingEachOutputOnSerially() throws Exception {
        shouldRunAChainInOrderPassingEachOutputOn(new SerialEngine(toolbox, workers));
    }

    private void shouldRunAChainInOrderPassingEachOutputOn(Engine engine) throws Exception {
        // Given a chain a -> b -> c where each step takes the previous output
        AgentRequest chain = Requests.steps("chain")
                .step("a", "echo", Map.of("v", 1))
                .step("b", "echo", Map.of("in", Requests.ref("a", "/seen/v")))
                .step("c", "echo", Map.of("in", Requests.ref("b")))
                .build();

        // When the engine runs it
        Run run = engine.submit(chain).get(5, TimeUnit.SECONDS);

        // Then the steps ran in order, each got its predecessor's output, and the plan succeeded
        assertThat(run.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertThat(calls).containsExactly("a", "b", "c");
        assertThat(argsByStep.get("b")).isEqualTo(Map.of("in", 1));
        assertThat(argsByStep.get("c")).isEqualTo(Map.of("in", Map.of("seen", Map.of("in", 1))));
        assertThat(run.makespanNanos()).isPositive();
        assertThat(run.result()).isNull();
    }

    @Test
    void shouldSkipTheStepsThatNeedAFailedStepsOutput() throws Exception {
        // Given b needs the output of a step that fails, and c is independent
        AgentRequest request = Requests.steps("skip")
                .step("a", "boom", Map.of())
                .step("b", "echo", Map.of("in", Requests.ref("a")))
                .step("c", "echo", Map.of())
                .build();

        // When both baselines run it
        Run inProcess = new InProcessEngine(toolbox, workers).submit(request).get(5, TimeUnit.SECONDS);
        Run serial = new SerialEngine(toolbox, workers).submit(request).get(5, TimeUnit.SECONDS);

        // Then b never ran, and the plans ended PARTIAL as the planner would end them
        assertThat(inProcess.status()).isEqualTo(PlanStatus.PARTIAL);
        assertThat(serial.status()).isEqualTo(PlanStatus.PARTIAL);
        assertThat(calls).doesNotContain("b").contains("a", "c");
    }

    @Test
    void shouldMakeTheSerialCallsOneAfterAnotherInPlanOrder() throws Exception {
        AgentRequest request = Requests.openAi("serial")
                .call("c1", "echo", Map.of())
                .call("c2", "echo", Map.of())
                .call("c3", "echo", Map.of())
                .build();

        Run run = new SerialEngine(toolbox, workers).submit(request).get(5, TimeUnit.SECONDS);

        assertThat(run.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertThat(calls).containsExactly("c1", "c2", "c3");
    }

    @Test
    void shouldRefuseARequestThePlannerRejects() {
        AgentRequest cycle = Requests.steps("cycle")
                .step("a", "echo", Map.of("in", Requests.ref("b")))
                .step("b", "echo", Map.of("in", Requests.ref("a")))
                .build();

        assertThatThrownBy(() -> new InProcessEngine(toolbox, workers).submit(cycle))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plan 'cycle' is rejected by the planner")
                .hasMessageContaining("cycle");
    }

    @Test
    void shouldKeepPlansInFlightAndCountTheirStepsInAClosedLoop() throws Exception {
        // Given an in-process engine and 2-step plans
        Engine engine = new InProcessEngine(toolbox, workers);

        // When a closed loop keeps 4 of them in flight
        ClosedLoop.Outcome o = ClosedLoop.run(
                engine,
                i -> Requests.steps("loop-" + i)
                        .step("a", "echo", Map.of())
                        .step("b", "echo", Map.of())
                        .build(),
                4,
                Duration.ofMillis(50),
                Duration.ofMillis(200),
                Duration.ofSeconds(5));

        // Then plans ran in the window, every one succeeded, and steps were counted two per plan
        assertThat(o.plans()).isPositive();
        assertThat(o.notSucceeded()).isZero();
        assertThat(o.stepsPerSecond()).isPositive();
        assertThat(o.stepsInWindow()).isPositive();
        assertThat(o.stepsInWindow() % 2).isZero();
        assertThat(o.makespans().count()).isEqualTo(o.plans());
    }
}
