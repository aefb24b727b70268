package io.planexec.wire;

import io.planexec.model.AgentRequest;
import io.planexec.model.Attempt;
import io.planexec.model.CancelRequest;
import io.planexec.model.Dialect;
import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.LatencyClass;
import io.planexec.model.PlanError;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStats;
import io.planexec.model.PlanStatus;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestOptions;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One or more values of every message type, covering optional fields both given and left out. */
final class SampleMessages {

    static final Instant T0 = Instant.parse("2026-01-31T12:00:00Z");
    static final Instant T1 = Instant.parse("2026-01-31T12:00:00.250Z");
    static final Instant T2 = Instant.parse("2026-01-31T12:00:01.123456789Z");

    private SampleMessages() {}

    /** Arguments with every kind of JSON value, including numbers that only survive exactly as BigDecimal. */
    static Map<String, Object> richArgs() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("city", "São Paulo \"quoted\" \n");
        args.put("count", 3);
        args.put("big", 12345678901L);
        args.put("huge", new BigInteger("123456789012345678901234567890"));
        args.put("ratio", new BigDecimal("0.10"));
        args.put("flag", true);
        args.put("nothing", null);
        args.put("list", Arrays.asList(1, "two", null, List.of()));
        args.put("user", Map.of("id", Map.of("$ref", "create_1", "path", "/id")));
        return args;
    }

    static List<AgentRequest> requests() {
        PlanStep plain = PlanStep.of("call_1", "get_weather", richArgs());
        PlanStep empty = PlanStep.of("call_2", "list_users", Map.of());
        PlanStep explicit = new PlanStep(
                "export",
                "export_users",
                Map.of("users", Map.of("$artifact", "users"), "filename", "users.json"),
                List.of("fetch"),
                List.of("report"),
                List.of("users"),
                null,
                null);
        PlanStep fetch = new PlanStep(
                "fetch", "fetch_users", Map.of("limit", 100), List.of(), List.of("users"), List.of(), null, null);
        return List.of(
                new AgentRequest(
                        "p-42",
                        "agent-7.results",
                        Dialect.OPENAI,
                        List.of(plain, empty),
                        new RequestOptions(3, 60_000L)),
                new AgentRequest("p-43", null, Dialect.ANTHROPIC, List.of(plain, empty), RequestOptions.DEFAULTS),
                new AgentRequest("p-44", null, Dialect.STEPS, List.of(fetch, explicit), new RequestOptions(null, 5L)),
                new AgentRequest("p-45", null, Dialect.OPENAI, List.of(empty), new RequestOptions(0, null)));
    }

    /** A request whose only call has unparseable arguments (its error message depends on the parser's wording). */
    static AgentRequest requestWithBadArguments() {
        return new AgentRequest(
                "p-46",
                null,
                Dialect.OPENAI,
                List.of(PlanStep.withBadArguments("call_1", "get_news", "{\"topic\": \"tech\"} x", "placeholder")),
                null);
    }

    static List<CancelRequest> cancels() {
        return List.of(new CancelRequest("p-42", "the user changed their mind"), new CancelRequest("p-43", null));
    }

    static List<ToolSpec> toolSpecs() {
        return List.of(
                ToolSpec.builder("write_file")
                        .description("Writes content to a file.")
                        .parameters(Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string"))))
                        .writes("file:{path}")
                        .idempotent(true)
                        .concurrencyCap(4)
                        .latencyClass(LatencyClass.FAST)
                        .timeoutMs(5_000)
                        .maxRetries(2)
                        .routingKey("file:{path}")
                        .build(),
                ToolSpec.builder("legacy_tool").build(),
                ToolSpec.builder("sleep")
                        .touchesNothing()
                        .latencyClass(LatencyClass.VERY_SLOW)
                        .queue("batch")
                        .build());
    }

    static List<ExecutorHeartbeat> heartbeats() {
        ExecutorHeartbeat running = new ExecutorHeartbeat(
                "notes-1", List.of("notes"), List.of("get_note", "put_note"), T0, T1, 10_000, null);
        return List.of(running, running.stopped(T2), new ExecutorHeartbeat("idle", null, null, T0, T0, 500, null));
    }

    static List<StepTask> stepTasks() {
        return List.of(
                new StepTask(
                        "p-42",
                        "call_1",
                        "get_weather",
                        richArgs(),
                        1,
                        "p-42/call_1",
                        LatencyClass.SLOW,
                        T2,
                        10_000,
                        true,
                        3,
                        StepTask.idempotencyKey("p-42", "call_1", 1),
                        T0,
                        null),
                new StepTask(
                        "p-42",
                        "call_3",
                        "create_user",
                        Map.of(),
                        2,
                        "database:users",
                        LatencyClass.FAST,
                        T2,
                        5_000,
                        false,
                        0,
                        StepTask.idempotencyKey("p-42", "call_3", 2),
                        T1,
                        T2));
    }

    static List<StepResult> stepResults() {
        Attempt failed = new Attempt(1, T0, T1, StepStatus.FAILED, "connection reset", "executor-a");
        Attempt succeeded = new Attempt(2, T1, T2, StepStatus.SUCCEEDED, null, "executor-a");
        return List.of(
                StepResult.started("p-42", "call_3", 1, "executor-b", T0),
                StepResult.finished(
                        "p-42",
                        "call_1",
                        1,
                        StepStatus.SUCCEEDED,
                        Map.of("temperature_f", 72, "sky", "sunny"),
                        null,
                        List.of(failed, succeeded),
                        "executor-a",
                        T2),
                StepResult.finished("p-42", "call_2", 1, StepStatus.SUCCEEDED, "plain text", null, List.of(), "x", T2),
                StepResult.finished(
                        "p-42",
                        "call_4",
                        1,
                        StepStatus.TIMED_OUT,
                        null,
                        "no result within 5000 ms",
                        List.of(new Attempt(1, T0, T2, StepStatus.TIMED_OUT, "timed out", "executor-c")),
                        "executor-c",
                        T2));
    }

    static List<PlanResult> planResults() {
        Map<String, StepOutcome> steps = new LinkedHashMap<>();
        steps.put("call_1", new StepOutcome(StepStatus.SUCCEEDED, 2, T0, T0, T2, "executor-a", List.of(1, 2), null));
        steps.put("call_2", new StepOutcome(StepStatus.SKIPPED, 0, null, null, T2, null, null, "call_1 failed"));
        return List.of(
                new PlanResult(
                        "p-42",
                        PlanStatus.PARTIAL,
                        Dialect.OPENAI,
                        List.of(
                                Map.of("role", "tool", "tool_call_id", "call_1", "content", "[1,2]"),
                                Map.of("role", "tool", "tool_call_id", "call_2", "content", "SKIPPED: call_1 failed")),
                        steps,
                        new PlanStats(1_123, 1_100, 2_000),
                        List.of()),
                new PlanResult(
                        "p-43",
                        PlanStatus.REJECTED,
                        Dialect.STEPS,
                        List.of(),
                        Map.of(),
                        null,
                        List.of(new PlanError(List.of("a", "b", "a"), "cycle: a -> b -> a"))));
    }

    static List<PlanEvent> planEvents() {
        return List.of(
                new PlanEvent("p-42", PlanEventType.PLAN_ACCEPTED, null, "RUNNING", null, null, T0, "3 steps, 2 edges"),
                new PlanEvent("p-42", PlanEventType.STEP_RELEASED, "call_1", "RELEASED", 1, null, T1, null),
                new PlanEvent("p-42", PlanEventType.PLAN_FINISHED, null, null, null, null, T2, null));
    }
}
