package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.TimerCheck;
import io.planexec.model.ToolSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A step whose tool has no running executor when it is released gets a start-by time: it fails then, saying so, unless
 * an executor of its tool was seen meanwhile (it scaled up from zero).
 */
class UnservedToolTest {

    private static final ToolSpec PUT_NOTE = ToolSpec.builder("put_note")
            .writes("note:{id}")
            .queue(TestTools.GPU_QUEUE)
            .timeoutMs(200_000)
            .build();
    private static final long TIMEOUT_MS = 120_000;
    private static final long GRACE_MS = 5_000;

    private final PlannerDriver planner =
            new PlannerDriver().register(TestTools.ALL).registerUnserved(PUT_NOTE);

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void shouldFailAStepWhoseToolNobodyServedByItsStartByTimeAndSaySo() {
        // Given a note tool whose executor stopped a day ago, and a plan that stores a note and looks up the weather
        Instant dayAgo = PlannerDriver.START.minus(Duration.ofDays(1));
        planner.heartbeat(
                new ExecutorHeartbeat("notes-1", List.of("gpu"), List.of("put_note"), dayAgo, dayAgo, 10_000, null)
                        .stopped(dayAgo));
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-unserved", "steps": [
                  {"id": "put", "tool": "put_note", "args": {"id": "n1", "text": "hi"}},
                  {"id": "read", "tool": "get_weather", "args": {"city": {"$ref": "put"}}},
                  {"id": "weather", "tool": "get_weather", "args": {"city": "Oslo"}}]}
                """);

        // Then only the unserved step's task carries a start-by time, and its release says why
        List<StepTask> tasks = planner.tasks();
        StepTask put = task(tasks, "put");
        assertThat(put.startBy()).isEqualTo(PlannerDriver.START.plusMillis(TIMEOUT_MS));
        assertThat(task(tasks, "weather").startBy()).isNull();
        assertThat(planner.events(PlanEventType.STEP_RELEASED))
                .filteredOn(e -> "put".equals(e.stepId()))
                .singleElement()
                .satisfies(e -> assertThat(e.detail())
                        .endsWith("; no executor of the tool is running: start by 2026-03-01T10:02:00Z"));
        planner.succeed(task(tasks, "weather"), "sunny");

        // When no executor of the tool comes by the start-by time (and the grace)
        planner.advance(Duration.ofMillis(TIMEOUT_MS + GRACE_MS - 100));
        assertThat(planner.results()).isEmpty();
        planner.advance(Duration.ofMillis(200));

        // Then the step fails, saying what happened and what to do, its dependent is skipped, the rest stands
        assertThat(planner.timerChecks())
                .extracting(r -> planner.wire.readTimerCheck(r.value()))
                .containsExactly(TimerCheck.startBy(
                        "p-unserved", "put", 1, PlannerDriver.START.plusMillis(TIMEOUT_MS + GRACE_MS)));
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.PARTIAL);
        assertThat(result.steps().get("put").status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.steps().get("put").error())
                .isEqualTo("no executor serving tool 'put_note' (queue 'gpu') was running when the step was"
                        + " released at 2026-03-01T10:00:00Z, and none came within planner.unserved.timeout.ms"
                        + " (120000 ms): it was last served by executor 'notes-1' (queue gpu), which stopped at"
                        + " 2026-02-28T10:00:00Z. The tool was not called. Start an executor that serves it (one"
                        + " that consumes queue 'gpu')");
        assertThat(result.steps().get("read").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(result.steps().get("weather").status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void shouldLeaveTheStepToAnExecutorThatCameUpMeanwhile() {
        // Given a step released while its tool had no executor at all
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-scale", "steps": [
                  {"id": "put", "tool": "put_note", "args": {"id": "n1", "text": "hi"}}]}
                """);
        StepTask put = planner.tasks().get(0);
        assertThat(put.startBy()).isNotNull();

        // When an executor of the tool starts a minute later (scaled up from zero) and the start-by time passes
        planner.advance(Duration.ofMinutes(1));
        planner.heartbeat(new ExecutorHeartbeat(
                "notes-1", List.of("gpu"), List.of("put_note"), planner.now(), planner.now(), 10_000, null));
        planner.advance(Duration.ofMillis(TIMEOUT_MS + GRACE_MS));

        // Then the planner leaves the step to it (it started it, or reports it FAILED: it never starts it late)
        assertThat(planner.results()).isEmpty();
        planner.succeed(put, Map.of("stored", "n1"));
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(PlanStatus.SUCCEEDED));
    }

    @Test
    void shouldIgnoreTheStartByTimeOfAStepThatStarted() {
        // Given a step released while its tool had no executor, which an executor then started in time
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-started", "steps": [
                  {"id": "put", "tool": "put_note", "args": {"id": "n1", "text": "hi"}}]}
                """);
        StepTask put = planner.tasks().get(0);
        planner.started(put);

        // When the start-by time passes with the call still running
        planner.advance(Duration.ofMillis(TIMEOUT_MS + GRACE_MS + 100));

        // Then nothing changes: the step runs until its result (or its outcome check)
        assertThat(planner.results()).isEmpty();
        assertThat(planner.events(PlanEventType.STEP_FINISHED)).isEmpty();
    }

    @Test
    void shouldGiveNoStartByTimeToAToolWithARunningExecutor() {
        // Given the note tool's executor beat 20 s ago (it counts as running for 3 intervals of 10 s)
        Instant beat = PlannerDriver.START.minusSeconds(20);
        planner.heartbeat(
                new ExecutorHeartbeat("notes-1", List.of("gpu"), List.of("put_note"), beat, beat, 10_000, null));

        planner.submit("""
                {"schema_version": 1, "plan_id": "p-served", "steps": [
                  {"id": "put", "tool": "put_note", "args": {"id": "n1", "text": "hi"}}]}
                """);

        assertThat(planner.tasks())
                .singleElement()
                .satisfies(t -> assertThat(t.startBy()).isNull());
    }

    private static StepTask task(List<StepTask> tasks, String stepId) {
        return tasks.stream().filter(t -> t.stepId().equals(stepId)).findFirst().orElseThrow();
    }
}
