package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.CancelRequest;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CancelTest {

    private final PlannerDriver planner = new PlannerDriver().register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void shouldCancelPendingStepsAndReportRunningOnesAsTheyEnd() {
        // Given a plan with a running first step and a pending second one
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-cancel", "steps": [
                  {"id": "a", "tool": "get_news", "args": {}},
                  {"id": "b", "tool": "get_weather", "args": {"in": {"$ref": "a"}}}]}
                """);
        StepTask a = planner.tasks().get(0);

        // When the agent cancels it
        planner.submit("""
                {"schema_version": 1, "type": "cancel", "plan_id": "p-cancel", "reason": "user changed their mind"}
                """);

        // Then the pending step is cancelled at once and the plan waits for the running one
        assertThat(planner.events(PlanEventType.PLAN_CANCEL_REQUESTED))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("user changed their mind"));
        assertThat(planner.events(PlanEventType.STEP_CANCELLED))
                .singleElement()
                .satisfies(e -> assertThat(e.stepId()).isEqualTo("b"));
        assertThat(planner.results()).isEmpty();

        // When the running step ends, its outcome is reported and the plan ends CANCELLED
        planner.succeed(a, "headline");
        assertThat(planner.tasks()).isEmpty();
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.CANCELLED);
        assertThat(result.steps().get("a").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(result.steps().get("b").status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(result.steps().get("b").error())
                .isEqualTo("the plan was cancelled before this step could run: user changed their mind");
    }

    @Test
    void shouldEndAtOnceWhenNothingIsRunning() {
        // Given a plan whose only released step has already ended, and a step waiting on a resource
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-cancel-now", "steps": [
                  {"id": "a", "tool": "create_user", "args": {}},
                  {"id": "b", "tool": "create_user", "args": {}},
                  {"id": "c", "tool": "create_user", "args": {}}]}
                """);
        List<StepTask> tasks = planner.tasks();
        planner.succeed(tasks.get(0), "ok");
        StepTask b = planner.tasks().get(0);

        // When b is running and the plan is cancelled twice, then b ends
        planner.submit(new CancelRequest("p-cancel-now", null));
        planner.submit(new CancelRequest("p-cancel-now", "again"));
        planner.fail(b, StepStatus.FAILED, "boom");

        // Then there is one result, c was never released
        assertThat(planner.tasks()).isEmpty();
        assertThat(planner.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PlanStatus.CANCELLED);
            assertThat(r.steps().get("c").error())
                    .isEqualTo("the plan was cancelled before this step could run: cancelled by request");
        });
        assertThat(planner.events(PlanEventType.PLAN_CANCEL_REQUESTED)).hasSize(1);
    }

    @Test
    void shouldIgnoreACancelOfAnUnknownOrFinishedPlan() {
        // Given a finished plan
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-done", "steps": [{"id": "a", "tool": "get_weather", "args": {}}]}
                """);
        planner.succeed(planner.tasks().get(0), "sunny");
        assertThat(planner.results()).hasSize(1);

        // When it and an unknown plan are cancelled
        planner.submit(new CancelRequest("p-done", null));
        planner.submit(new CancelRequest("p-nobody", null));

        // Then no result is sent and nothing is cancelled, and an event says why for each
        assertThat(planner.results()).isEmpty();
        assertThat(planner.events(PlanEventType.PLAN_CANCEL_REQUESTED)).isEmpty();
        assertThat(planner.deadLetters()).isEmpty();
        assertThat(planner.events(PlanEventType.CANCEL_IGNORED))
                .extracting(PlanEvent::planId, PlanEvent::status, PlanEvent::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "p-done", "SUCCEEDED", "the plan already finished SUCCEEDED at " + PlannerDriver.START),
                        org.assertj.core.groups.Tuple.tuple(
                                "p-nobody",
                                null,
                                "no plan has this id (never accepted, or its result was purged after"
                                        + " planner.retention.ms)"));
    }
}
