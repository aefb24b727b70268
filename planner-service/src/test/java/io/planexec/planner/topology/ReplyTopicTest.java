package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.PlanEventType;
import io.planexec.model.PlanStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyTopicTest {

    private final PlannerDriver planner = new PlannerDriver().register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    private void runPlan(String planId, String replyTo) {
        planner.submit("""
                {"schema_version": 1, "plan_id": "%s", "reply_to": "%s",
                 "steps": [{"id": "a", "tool": "get_weather", "args": {}}]}
                """.formatted(planId, replyTo));
        planner.succeed(planner.tasks().get(0), "sunny");
    }

    @Test
    void shouldSendTheResultToAnExistingReplyTopic() {
        // When a plan asks for an existing reply topic
        runPlan("p-ok", PlannerDriver.AGENT_TOPIC);

        // Then its result goes there only
        assertThat(planner.results(PlannerDriver.AGENT_TOPIC)).hasSize(1);
        assertThat(planner.results()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "agent-typo.results, reply_to 'agent-typo.results' cannot take the result: topic 'agent-typo.results' does not"
                + " exist",
        "planexec.requests, reply_to 'planexec.requests' is one of planexec's own topics"
    })
    void shouldFallBackToTheDefaultTopicWhenTheReplyTopicCannotTakeTheResult(String replyTo, String reason) {
        // When a plan names a reply topic that does not exist, or one of planexec's own
        runPlan("p-fallback", replyTo);

        // Then its result goes to the default results topic, and the event and the meter say why
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(PlanStatus.SUCCEEDED));
        assertThat(planner.events(PlanEventType.PLAN_FINISHED))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.detail()).endsWith("result sent to planexec.plan-results (" + reason + ")"));
        assertThat(planner.metrics
                        .registry()
                        .get("planexec.planner.reply.fallbacks")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }
}
