package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.TimerCheck;
import io.planexec.planner.run.EngineSettings;
import io.planexec.topics.StepResultHeaders;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private static final long GRACE_MS = 2_000;

    private final PlannerDriver planner = new PlannerDriver(
                    new EngineSettings(300_000, 600_000, GRACE_MS, 60_000, 1_000_000, 16 * 1024 * 1024, 1_000, 120_000))
            .register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void shouldEndAPlanPastItsDeadlineTimedOutAndIgnoreLateResults() {
        // Given a chain whose first step is running, with a deadline of one second
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-late", "steps": [
                  {"id": "a", "tool": "get_news", "args": {}},
                  {"id": "b", "tool": "get_weather", "args": {"in": {"$ref": "a"}}}],
                 "options": {"deadline_ms": 1000}}
                """);
        StepTask a = planner.tasks().get(0);
        assertThat(a.deadline()).isEqualTo(PlannerDriver.START.plusMillis(1000));

        // When the clock passes the deadline
        planner.advance(Duration.ofMillis(900));
        assertThat(planner.results()).isEmpty();
        planner.advance(Duration.ofMillis(200));

        // Then the plan ends TIMED_OUT, the running and pending steps CANCELLED
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.TIMED_OUT);
        assertThat(result.steps().get("a").status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(result.steps().get("a").error())
                .isEqualTo("the plan's deadline of 1000 ms passed while this step was queued or running; a result"
                        + " that arrives later is ignored");
        assertThat(result.steps().get("b").status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(result.steps().get("b").error())
                .isEqualTo("the plan's deadline of 1000 ms passed before this step could run");

        // And a result that arrives later is recorded and ignored, with no second result
        planner.succeed(a, "too late");
        assertThat(planner.results()).isEmpty();
        assertThat(planner.events(PlanEventType.LATE_RESULT_IGNORED))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.stepId()).isEqualTo("a");
                    assertThat(e.status()).isEqualTo("SUCCEEDED");
                    assertThat(e.detail()).startsWith("the plan already finished TIMED_OUT");
                });
        assertThat(planner.tasks()).isEmpty();
    }

    @Test
    void shouldEndANonIdempotentStepUnknownWhenItsStartedCallNeverReports() {
        // Given a non-idempotent step (timeout 5 s) whose executor reported that the call started
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-unknown-outcome", "steps": [
                  {"id": "create", "tool": "create_user", "args": {"name": "Ann"}},
                  {"id": "mail", "tool": "send_email", "args": {"id": {"$ref": "create", "path": "/id"}}},
                  {"id": "weather", "tool": "get_weather", "args": {}}]}
                """);
        List<StepTask> tasks = planner.tasks();
        StepTask create = tasks.stream()
                .filter(t -> t.stepId().equals("create"))
                .findFirst()
                .orElseThrow();
        StepTask weather = tasks.stream()
                .filter(t -> t.stepId().equals("weather"))
                .findFirst()
                .orElseThrow();
        assertThat(create.idempotent()).isFalse();
        assertThat(create.maxRetries()).isZero();
        planner.started(create);
        planner.succeed(weather, "sunny");

        // When its executor restarts (a later process under its instance id) and no result comes within the timeout
        // plus the grace period
        planner.advance(Duration.ofMillis(100));
        planner.heartbeat(new ExecutorHeartbeat(
                PlannerDriver.EXECUTOR,
                List.of("fast"),
                List.of("create_user", "get_weather", "send_email"),
                planner.now(),
                planner.now(),
                10_000,
                null));
        planner.advance(Duration.ofMillis(5_000 + GRACE_MS - 200));
        assertThat(planner.results()).isEmpty();
        planner.advance(Duration.ofMillis(200));

        // Then the step ends UNKNOWN with an error that says why, and its dependent is skipped
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.PARTIAL);
        assertThat(result.steps().get("create").status()).isEqualTo(StepStatus.UNKNOWN);
        assertThat(result.steps().get("create").error())
                .isEqualTo("outcome unknown: executor 'executor-1' reported at 2026-03-01T10:00:00Z that the call of"
                        + " 'create_user' started, but no result arrived within the tool's timeout of 5000 ms plus"
                        + " the planner's grace of 2000 ms, and executor 'executor-1' restarted at"
                        + " 2026-03-01T10:00:00.100Z, after the call started: the call's outcome was lost with it. The"
                        + " tool is not idempotent, so the call was not repeated: it may or may not have taken"
                        + " effect. Check its effect before calling it again.");
        assertThat(result.steps().get("create").startedAt()).isEqualTo(PlannerDriver.START);
        assertThat(result.steps().get("mail").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(planner.events(PlanEventType.STEP_STARTED))
                .singleElement()
                .satisfies(e -> assertThat(e.stepId()).isEqualTo("create"));
    }

    @Test
    void shouldDecideAnOverdueOutcomeOnlyWhenItsTimerCheckIsReadBackFromTheStepResults() {
        // Given a started non-idempotent step whose outcome check fell due
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-check", "steps": [{"id": "create", "tool": "create_user", "args": {}}]}
                """);
        StepTask create = planner.tasks().get(0);
        planner.started(create);
        stop(PlannerDriver.EXECUTOR);
        planner.advance(Duration.ofMillis(5_000 + GRACE_MS + 100));

        // Then the planner sent itself a check on the plan's step-results partition, with its header, and decided on
        // reading it back
        assertThat(planner.timerChecks()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("p-check");
            assertThat(PlannerDriver.header(r.headers(), StepResultHeaders.TIMER_CHECK))
                    .isEqualTo("1");
            assertThat(planner.wire.readTimerCheck(r.value()))
                    .isEqualTo(TimerCheck.outcome(
                            "p-check", "create", 1, PlannerDriver.START.plusMillis(5_000 + GRACE_MS)));
        });
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.steps().get("create").status()).isEqualTo(StepStatus.UNKNOWN));
    }

    @Test
    void shouldWaitForALateResultWhileTheExecutorThatStartedTheCallStillRuns() {
        // Given a started non-idempotent step whose executor keeps sending heartbeats
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-late-commit", "steps": [{"id": "create", "tool": "create_user", "args": {}}]}
                """);
        StepTask create = planner.tasks().get(0);
        planner.started(create);

        // When its result is held up for three times the timeout plus the grace (its transaction waits out a broker
        // failover, say), then arrives
        planner.advance(Duration.ofMillis(3 * (5_000 + GRACE_MS)));
        assertThat(planner.results()).isEmpty();
        planner.succeed(create, java.util.Map.of("id", 7));

        // Then the step succeeded: the call's outcome was late, not lost
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.steps().get("create").status()).isEqualTo(StepStatus.SUCCEEDED));
        assertThat(planner.events(PlanEventType.LATE_RESULT_IGNORED)).isEmpty();
    }

    @Test
    void shouldEndTheStepUnknownAtTheNextCheckOnceTheWaitedForExecutorIsSilent() {
        // Given a started non-idempotent step of an executor that beats every 2 s, last at 2 s (live until 8 s)
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-silent", "steps": [{"id": "create", "tool": "create_user", "args": {}}]}
                """);
        StepTask create = planner.tasks().get(0);
        planner.sendResult(io.planexec.model.StepResult.started(
                create.planId(), create.stepId(), create.release(), "executor-2", planner.now()));
        planner.advance(Duration.ofSeconds(2));
        planner.heartbeat(new ExecutorHeartbeat(
                "executor-2",
                List.of("fast"),
                List.of("create_user"),
                PlannerDriver.START,
                planner.now(),
                2_000,
                null));

        // When its outcome check falls due at 7 s while it counts as running, then it stays silent
        planner.advance(Duration.ofMillis(5_000 + 100));
        assertThat(planner.results()).as("deferred: the executor still runs").isEmpty();
        planner.advance(Duration.ofMillis(GRACE_MS));

        // Then the next check (at 9 s) ends the step UNKNOWN, saying when the executor was last seen
        assertThat(planner.results()).singleElement().satisfies(r -> {
            assertThat(r.steps().get("create").status()).isEqualTo(StepStatus.UNKNOWN);
            assertThat(r.steps().get("create").error())
                    .contains("executor 'executor-2' was last seen at 2026-03-01T10:00:02Z (its heartbeats come every"
                            + " 2000 ms)");
        });
    }

    @Test
    void shouldEndTheStepUnknownWhenTheExecutorStoppedCleanlyWithoutItsResult() {
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-stopped", "steps": [{"id": "create", "tool": "create_user", "args": {}}]}
                """);
        StepTask create = planner.tasks().get(0);
        planner.started(create);
        stop(PlannerDriver.EXECUTOR);

        planner.advance(Duration.ofMillis(5_000 + GRACE_MS + 100));

        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.steps().get("create").error())
                        .contains("executor 'executor-1' stopped at 2026-03-01T10:00:00Z"));
    }

    /** The executor's last heartbeat: stopped now. */
    private void stop(String instance) {
        planner.heartbeat(new ExecutorHeartbeat(
                instance,
                List.of("fast"),
                List.of("create_user", "get_weather", "send_email"),
                PlannerDriver.START,
                planner.now(),
                10_000,
                planner.now()));
    }

    @Test
    void shouldLetAResultReadBeforeTheTimerCheckWin() {
        // Given a started non-idempotent step and a plan with a deadline
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-race", "steps": [{"id": "create", "tool": "create_user", "args": {}}],
                 "options": {"deadline_ms": 6000}}
                """);
        StepTask create = planner.tasks().get(0);
        planner.started(create);

        // When its result is read after both timers fell due but before their checks (as after a planner outage: the
        // checks are appended after the results that arrived meanwhile)
        planner.succeed(create, java.util.Map.of("id", 7));
        planner.sendTimerCheck(TimerCheck.outcome("p-race", "create", 1, PlannerDriver.START.plusMillis(7_000)));
        planner.sendTimerCheck(TimerCheck.deadline("p-race", PlannerDriver.START.plusMillis(6_000)));

        // Then the result counts, and the checks change nothing
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(PlanStatus.SUCCEEDED));
        assertThat(planner.events(PlanEventType.LATE_RESULT_IGNORED)).isEmpty();
        assertThat(planner.deadLetters()).isEmpty();
    }

    @Test
    void shouldKeepAStartedStepWhoseResultArrivesWithinTheTimeout() {
        // Given a started non-idempotent step
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-in-time", "steps": [{"id": "create", "tool": "create_user", "args": {}}]}
                """);
        StepTask create = planner.tasks().get(0);
        planner.started(create);

        // When its result arrives before the outcome check
        planner.advance(Duration.ofSeconds(4));
        planner.succeed(create, java.util.Map.of("id", 7));
        planner.advance(Duration.ofSeconds(10));

        // Then it succeeded, and nothing else happened
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(PlanStatus.SUCCEEDED));
        assertThat(planner.events(PlanEventType.LATE_RESULT_IGNORED)).isEmpty();
    }

    @Test
    void shouldNotWatchIdempotentStepsForAnUnknownOutcome() {
        // Given an idempotent step reported started (its executor may die and another re-run it)
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-idem", "steps": [{"id": "w", "tool": "get_weather", "args": {}}],
                 "options": {"deadline_ms": 60000}}
                """);
        StepTask w = planner.tasks().get(0);
        planner.started(w);

        // When far more than its timeout passes
        planner.advance(Duration.ofSeconds(30));

        // Then the planner still waits (bounded by the deadline)
        assertThat(planner.results()).isEmpty();
        planner.advance(Duration.ofSeconds(31));
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(PlanStatus.TIMED_OUT));
    }
}
