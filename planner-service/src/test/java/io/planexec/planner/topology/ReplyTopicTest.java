package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.PlanEventType;
import io.planexec.model.PlanStatus;
import io.planexec.topics.ResultRecords;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
    void shouldPublishEveryResultToTheResultsTopicNamingTheReplyTopicForTheForwarder() {
        // When a plan asks for a reply topic (whether it exists is the forwarder's concern, off the stream thread)
        runPlan("p-ok", "agent-typo.results");

        // Then its one result goes to the results topic, with a header naming the reply topic
        assertThat(planner.resultRecords()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("p-ok");
            assertThat(r.headers().headers(ResultRecords.REPLY_TO))
                    .extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
                    .containsExactly("agent-typo.results");
            assertThat(r.headers().lastHeader(ResultRecords.PART)).isNull();
        });
        assertThat(planner.events(PlanEventType.PLAN_FINISHED))
                .singleElement()
                .satisfies(e -> assertThat(e.detail())
                        .endsWith("result sent to planexec.plan-results (to be copied to reply_to"
                                + " 'agent-typo.results')"));
    }

    @Test
    void shouldNeverCopyAResultToOneOfPlanexecsOwnTopics() {
        // When a plan names one of planexec's own topics as its reply topic
        runPlan("p-own", "planexec.requests");

        // Then its result is on the results topic only, and the event and the meter say why
        assertThat(planner.resultRecords())
                .singleElement()
                .satisfies(r -> assertThat(r.headers().lastHeader(ResultRecords.REPLY_TO))
                        .isNull());
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(PlanStatus.SUCCEEDED));
        assertThat(planner.events(PlanEventType.PLAN_FINISHED))
                .singleElement()
                .satisfies(e -> assertThat(e.detail())
                        .endsWith("result sent to planexec.plan-results (reply_to 'planexec.requests' is one of"
                                + " planexec's own topics)"));
        assertThat(planner.metrics
                        .registry()
                        .get("planexec.planner.reply.fallbacks")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }
}
