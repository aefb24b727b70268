package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.Attempt;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailureHandlingTest {

    private final PlannerDriver planner = new PlannerDriver().register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void shouldSkipDependentsOfAFailedStepWhileIndependentBranchesKeepRunning() {
        // Given fetch -> export -> mail (data flow), and an independent weather call
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-skip", "tool_calls": [
                  {"id": "fetch", "function": {"name": "fetch_users", "arguments": "{}"}},
                  {"id": "export", "function": {"name": "export_users",
                     "arguments": "{\\"users\\": {\\"$ref\\": \\"fetch\\"}, \\"filename\\": \\"u.json\\"}"}},
                  {"id": "mail", "function": {"name": "send_email", "arguments": "{\\"file\\": {\\"$ref\\": \\"export\\"}}"}},
                  {"id": "weather", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"SF\\"}"}}]}
                """);
        List<StepTask> first = planner.tasks();
        assertThat(first).extracting(StepTask::stepId).containsExactlyInAnyOrder("fetch", "weather");
        StepTask fetch = first.stream()
                .filter(t -> t.stepId().equals("fetch"))
                .findFirst()
                .orElseThrow();
        StepTask weather = first.stream()
                .filter(t -> t.stepId().equals("weather"))
                .findFirst()
                .orElseThrow();

        // When fetch fails
        planner.fail(fetch, StepStatus.FAILED, "upstream returned 503");

        // Then export and mail are skipped at once (nothing released), the weather call still runs
        assertThat(planner.tasks()).isEmpty();
        assertThat(planner.events(PlanEventType.STEP_SKIPPED))
                .extracting(e -> e.stepId())
                .containsExactly("export", "mail");
        assertThat(planner.results()).isEmpty();
        planner.succeed(weather, "72F, sunny");

        // And the result says, for every call, what happened and why
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.PARTIAL);
        assertThat(result.steps().get("export").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(result.steps().get("export").error())
                .isEqualTo("depends on step 'fetch' (ref), which did not succeed: step 'fetch' (fetch_users) ended"
                        + " FAILED: upstream returned 503");
        assertThat(result.steps().get("mail").error())
                .isEqualTo("depends on step 'export' (ref), which did not succeed: step 'fetch' (fetch_users) ended"
                        + " FAILED: upstream returned 503");
        assertThat(result.messages())
                .extracting(m -> m.get("tool_call_id") + " " + m.get("content"))
                .containsExactly(
                        "fetch FAILED: upstream returned 503",
                        "export SKIPPED: depends on step 'fetch' (ref), which did not succeed: step 'fetch'"
                                + " (fetch_users) ended FAILED: upstream returned 503",
                        "mail SKIPPED: depends on step 'export' (ref), which did not succeed: step 'fetch'"
                                + " (fetch_users) ended FAILED: upstream returned 503",
                        "weather 72F, sunny");
    }

    @Test
    void shouldRecordEveryAttemptOfARetriedStep() {
        // Given an idempotent step
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-retry", "steps": [{"id": "news", "tool": "get_news", "args": {}}]}
                """);
        StepTask task = planner.tasks().get(0);

        // When the executor needed three attempts, on two executors
        Instant t0 = PlannerDriver.START.plusMillis(5);
        planner.advance(Duration.ofMillis(100));
        planner.sendResult(StepResult.finished(
                task.planId(),
                task.stepId(),
                task.release(),
                StepStatus.SUCCEEDED,
                List.of("headline"),
                null,
                List.of(
                        new Attempt(1, t0, t0.plusMillis(10), StepStatus.FAILED, "connection reset", "executor-1"),
                        new Attempt(
                                2,
                                t0.plusMillis(30),
                                t0.plusMillis(40),
                                StepStatus.TIMED_OUT,
                                "timed out",
                                "executor-1"),
                        new Attempt(3, t0.plusMillis(80), t0.plusMillis(90), StepStatus.SUCCEEDED, null, "executor-2")),
                "executor-2",
                t0.plusMillis(90)));

        // Then the result and the event carry the attempts, the first start and the last executor
        PlanResult result = planner.results().get(0);
        assertThat(result.steps().get("news")).satisfies(s -> {
            assertThat(s.status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(s.attempts()).isEqualTo(3);
            assertThat(s.startedAt()).isEqualTo(t0);
            assertThat(s.finishedAt()).isEqualTo(t0.plusMillis(90));
            assertThat(s.executor()).isEqualTo("executor-2");
            assertThat(s.output()).isEqualTo(List.of("headline"));
        });
        assertThat(result.stats().criticalPathMs()).isEqualTo(90);
        assertThat(planner.events(PlanEventType.STEP_FINISHED)).singleElement().satisfies(e -> {
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.release()).isNull();
            assertThat(e.detail()).isEqualTo("3 attempts by executor-2");
        });
    }

    @Test
    void shouldFailAnUnknownToolWithTheKnownToolsAndStillRunTheOthers() {
        // Given a call to a tool nobody registered, one that needs it, and an independent call
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-unknown", "tool_calls": [
                  {"id": "c1", "function": {"name": "get_wether", "arguments": "{}"}},
                  {"id": "c2", "function": {"name": "send_email", "arguments": "{\\"body\\": {\\"$ref\\": \\"c1\\"}}"}},
                  {"id": "c3", "function": {"name": "get_weather", "arguments": "{}"}}]}
                """);

        // Then only the independent call is released
        List<StepTask> tasks = planner.tasks();
        assertThat(tasks).extracting(StepTask::stepId).containsExactly("c3");
        planner.succeed(tasks.get(0), "sunny");

        // And the unknown tool's message lists the known tools, so the LLM can correct itself
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.PARTIAL);
        assertThat(result.messages().get(0).get("content"))
                .isEqualTo("FAILED: unknown tool 'get_wether'. Known tools: create_user, export_users, fetch_users,"
                        + " get_news, get_weather, list_users, send_email");
        assertThat(result.steps().get("c1").attempts()).isZero();
        assertThat(result.steps().get("c2").status()).isEqualTo(StepStatus.SKIPPED);
    }

    @Test
    void shouldFailAToolCallWhoseArgumentsAreNotJson() {
        // Given a call whose arguments text is broken
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-badargs", "tool_calls": [
                  {"id": "c1", "function": {"name": "get_weather", "arguments": "{\\"city\\": "}}]}
                """);

        // Then it fails at once, and with no step left the plan ends FAILED
        assertThat(planner.tasks()).isEmpty();
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.FAILED);
        assertThat((String) result.messages().get(0).get("content"))
                .startsWith("FAILED: tool call 'c1' (get_weather): arguments are not valid JSON");
    }

    @Test
    void shouldEndFailedWhenNoStepSucceeds() {
        // Given two independent calls
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-allfail", "steps": [
                  {"id": "a", "tool": "get_weather", "args": {}}, {"id": "b", "tool": "get_news", "args": {}}]}
                """);
        List<StepTask> tasks = planner.tasks();

        // When one fails and one times out
        planner.fail(tasks.get(0), StepStatus.FAILED, "bad city");
        planner.fail(tasks.get(1), StepStatus.TIMED_OUT, "no answer within 1000 ms");

        // Then the plan failed
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.FAILED);
        assertThat(result.steps().values())
                .extracting(s -> s.status())
                .containsExactlyInAnyOrder(StepStatus.FAILED, StepStatus.TIMED_OUT);
        assertThat(planner.metrics
                        .registry()
                        .get("planexec.planner.plans.finished")
                        .tag("status", "FAILED")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldReportAFailureWithoutAnErrorTextAsSuch() {
        // Given a single step
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-noerr", "steps": [{"id": "a", "tool": "get_weather", "args": {}}]}
                """);
        StepTask task = planner.tasks().get(0);

        // When the executor reports a failure without an error
        planner.sendResult(StepResult.finished(
                task.planId(), "a", 1, StepStatus.FAILED, null, null, List.of(), "executor-9", planner.now()));

        // Then the error says so
        assertThat(planner.results().get(0).steps().get("a").error())
                .isEqualTo("the executor reported FAILED without an error message");
    }
}
