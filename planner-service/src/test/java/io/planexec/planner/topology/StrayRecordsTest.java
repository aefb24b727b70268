package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.StepResult;
import io.planexec.model.StepTask;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StrayRecordsTest {

    private final PlannerDriver planner = new PlannerDriver().register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void shouldRecordAndIgnoreResultsForUnknownPlansStepsAndReleasesAndDuplicates() {
        // Given a running plan with a non-idempotent step that has started
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-stray", "steps": [
                  {"id": "a", "tool": "create_user", "args": {}}, {"id": "b", "tool": "get_weather", "args": {}}]}
                """);
        StepTask a = planner.tasks().stream()
                .filter(t -> t.stepId().equals("a"))
                .findFirst()
                .orElseThrow();
        planner.started(a);

        // When results come for an unknown plan, an unknown step, another release, twice the same notice, and a
        // result after the step ended
        planner.sendResult(StepResult.started("p-nobody", "a", 1, "executor-1", planner.now()));
        planner.sendResult(StepResult.started("p-stray", "zzz", 1, "executor-1", planner.now()));
        planner.sendResult(StepResult.started("p-stray", "a", 2, "executor-1", planner.now()));
        planner.started(a);
        planner.succeed(a, "ok");
        planner.succeed(a, "ok again");

        // Then each is recorded as ignored, with its reason, and nothing else changes
        List<PlanEvent> ignored = planner.events(PlanEventType.LATE_RESULT_IGNORED);
        assertThat(ignored)
                .extracting(PlanEvent::detail)
                .containsExactly(
                        "no running plan has this id (never accepted, or purged) (unknown_plan, from executor-1)",
                        "plan has no step 'zzz' (unknown_step, from executor-1)",
                        "STARTED notice from executor-1 is for release 2, the step's current release is 1"
                                + " (stale_release, from executor-1)",
                        "duplicate STARTED notice for release 1 from executor-1 (duplicate, from executor-1)",
                        "step already ended SUCCEEDED; result SUCCEEDED from executor-1 is ignored (step_ended, from"
                                + " executor-1)");
        for (String reason : List.of("unknown_plan", "unknown_step", "stale_release", "duplicate", "step_ended")) {
            assertThat(planner.metrics
                            .registry()
                            .get("planexec.planner.results.ignored")
                            .tag("reason", reason)
                            .counter()
                            .count())
                    .as(reason)
                    .isEqualTo(1.0);
        }
        assertThat(planner.metrics
                        .registry()
                        .get("planexec.planner.results.ignored")
                        .tag("reason", "plan_finished")
                        .counter()
                        .count())
                .isZero();
        assertThat(planner.results()).isEmpty();
        assertThat(planner.deadLetters()).isEmpty();
    }

    @Test
    void shouldRepublishARequestKeyedByAnythingButItsPlanId() {
        // When a request arrives keyed by something else
        planner.send(
                "some-other-key", planner.wire.json().write(planner.wire.json().parse("""
                        {"schema_version": 1, "plan_id": "p-rekey", "steps": [{"id": "a", "tool": "get_weather", "args": {}}]}
                        """)));

        // Then it is published again keyed by its plan id, and runs from there (once)
        List<StepTask> tasks = planner.tasks();
        assertThat(tasks).extracting(StepTask::planId).containsExactly("p-rekey");
        assertThat(planner.events(PlanEventType.PLAN_ACCEPTED)).hasSize(1);
    }
}
