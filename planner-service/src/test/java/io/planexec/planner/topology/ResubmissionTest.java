package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepTask;
import io.planexec.planner.run.EngineSettings;
import io.planexec.topics.ResultRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResubmissionTest {

    private static final String REQUEST = """
            {"schema_version": 1, "plan_id": "p-dup", "steps": [{"id": "a", "tool": "get_weather", "args": {}}]}
            """;

    private final PlannerDriver planner = new PlannerDriver(
                    new EngineSettings(300_000, 600_000, 10_000, 60_000, 1_000_000, 16 * 1024 * 1024, 1_000, 120_000))
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
                .satisfies(e -> assertThat(e.detail())
                        .contains("the request does not start a second run; the result will be on"
                                + " planexec.plan-results"));
        planner.succeed(a, "sunny");
        assertThat(planner.results()).hasSize(1);
    }

    @Test
    void shouldDeliverARunningPlansResultToTheReplyTopicOfAResubmission() {
        // Given a running plan that asked for no reply topic
        planner.submit(REQUEST);
        StepTask a = planner.tasks().get(0);

        // When an agent that restarted submits it again, twice, asking for its own reply topic
        String withReplyTo =
                REQUEST.replace("\"steps\"", "\"reply_to\": \"" + PlannerDriver.AGENT_TOPIC + "\", \"steps\"");
        planner.submit(withReplyTo);
        planner.submit(withReplyTo);

        // Then the plan runs once, and its one result is published naming that topic once, for the forwarder
        planner.succeed(a, "sunny");
        assertThat(planner.tasks()).isEmpty();
        assertThat(planner.results(PlannerDriver.AGENT_TOPIC))
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(PlanStatus.SUCCEEDED));
        assertThat(planner.resultRecords())
                .singleElement()
                .satisfies(r -> assertThat(r.headers().headers(ResultRecords.REPLY_TO))
                        .extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
                        .containsExactly(PlannerDriver.AGENT_TOPIC));
        assertThat(planner.events(PlanEventType.DUPLICATE_REQUEST))
                .extracting(PlanEvent::detail)
                .containsExactly(
                        "a plan with this id has been running since " + PlannerDriver.START
                                + "; the request does not start a second run; the result will also go to '"
                                + PlannerDriver.AGENT_TOPIC + "' when the plan finishes",
                        "a plan with this id has been running since " + PlannerDriver.START
                                + "; the request does not start a second run; the result will go to '"
                                + PlannerDriver.AGENT_TOPIC + "' as asked before");
        assertThat(planner.events(PlanEventType.PLAN_FINISHED))
                .singleElement()
                .satisfies(e -> assertThat(e.detail())
                        .endsWith("result sent to planexec.plan-results (to be copied to reply_to '"
                                + PlannerDriver.AGENT_TOPIC + "')"));
    }

    @Test
    void shouldRecordAtMostEightFurtherReplyTopicsOfARunningPlan() {
        // Given a running plan resubmitted by ten agents, each with its own reply topic
        planner.submit(REQUEST);
        StepTask a = planner.tasks().get(0);
        for (int i = 0; i < 10; i++) {
            planner.submit(REQUEST.replace("\"steps\"", "\"reply_to\": \"agent-" + i + "\", \"steps\""));
        }

        // Then the first eight are delivered to, and the others are told why not
        planner.succeed(a, "sunny");
        assertThat(planner.resultRecords())
                .singleElement()
                .satisfies(r -> assertThat(r.headers().headers(ResultRecords.REPLY_TO))
                        .extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
                        .containsExactly(
                                "agent-0", "agent-1", "agent-2", "agent-3", "agent-4", "agent-5", "agent-6",
                                "agent-7"));
        assertThat(planner.events(PlanEventType.DUPLICATE_REQUEST).get(9).detail())
                .endsWith("its reply_to 'agent-9' is not recorded: the plan already has 8 further reply topics; the"
                        + " result will be on planexec.plan-results");
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
