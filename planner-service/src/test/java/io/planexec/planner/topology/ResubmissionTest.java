package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepTask;
import io.planexec.planner.run.EngineSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResubmissionTest {

    private static final String REQUEST = """
            {"schema_version": 1, "plan_id": "p-dup", "steps": [{"id": "a", "tool": "get_weather", "args": {}}]}
            """;

    private final PlannerDriver planner = new PlannerDriver(
                    new EngineSettings(300_000, 600_000, 10_000, 60_000, 1_000_000, 1_000))
            .register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void shouldNotStartASecondRunOfARunningPlan() {
        // Given a running plan
        planner.submit(REQUEST);
        StepTask a = planner.tasks().get(0);

        // When the same plan id is submitted again
        planner.submit(REQUEST);

        // Then nothing is released twice, and the duplicate is recorded
        assertThat(planner.tasks()).isEmpty();
        assertThat(planner.events(PlanEventType.DUPLICATE_REQUEST))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("the request is ignored (no second run)"));
        planner.succeed(a, "sunny");
        assertThat(planner.results()).hasSize(1);
    }

    @Test
    void shouldSendAFinishedPlansResultAgainToTheNewReplyTopic() {
        // Given a finished plan
        planner.submit(REQUEST);
        planner.succeed(planner.tasks().get(0), "sunny");
        PlanResult first = planner.results().get(0);

        // When it is resubmitted with a reply topic of its own
        planner.submit(REQUEST.replace("\"steps\"", "\"reply_to\": \"" + PlannerDriver.AGENT_TOPIC + "\", \"steps\""));

        // Then the same result is sent there, and nothing runs
        assertThat(planner.tasks()).isEmpty();
        assertThat(planner.results(PlannerDriver.AGENT_TOPIC)).containsExactly(first);
        assertThat(planner.events(PlanEventType.DUPLICATE_REQUEST))
                .singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void shouldForgetAFinishedPlanAfterTheRetention() {
        // Given a plan finished more than the retention (60 s) ago
        planner.submit(REQUEST);
        planner.succeed(planner.tasks().get(0), "sunny");
        assertThat(planner.results()).hasSize(1);
        planner.advance(Duration.ofSeconds(61));

        // When the plan id is submitted again
        planner.submit(REQUEST);

        // Then it runs as a new plan
        assertThat(planner.tasks()).hasSize(1);
        assertThat(planner.events(PlanEventType.PLAN_ACCEPTED)).hasSize(2);
    }

    @Test
    void shouldPlanAFixedRequestUnderARejectedPlanIdAfresh() {
        // Given a rejected request (a cycle)
        String cyclic = """
                {"schema_version": 1, "plan_id": "p-fix", "steps": [
                  {"id": "a", "tool": "get_weather", "args": {}, "depends_on": ["b"]},
                  {"id": "b", "tool": "get_weather", "args": {}, "depends_on": ["a"]}]}
                """;
        planner.submit(cyclic);
        assertThat(planner.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(PlanStatus.REJECTED);
            assertThat(r.errors().get(0).message()).isEqualTo("cycle: a -> b -> a");
            assertThat(r.errors().get(0).steps()).containsExactly("a", "b", "a");
        });

        // When the identical request comes again, the same rejection is sent again
        planner.submit(cyclic);
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(PlanStatus.REJECTED));

        // When a corrected request comes under the same plan id, it runs
        planner.submit(cyclic.replace(", \"depends_on\": [\"a\"]", ""));
        assertThat(planner.tasks()).extracting(StepTask::stepId).containsExactly("b");
        assertThat(planner.results()).isEmpty();
    }
}
