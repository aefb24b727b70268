package io.planexec.planner.topology;

import static io.planexec.planner.topology.PlannerDriver.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private final PlannerDriver planner = new PlannerDriver().register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldDeadLetterAnUnparseableRequestAndRejectItsPlanFromTheKey() {
        // When a request that is not JSON arrives keyed by its plan id
        planner.send("p-garbage", utf8("{\"schema_version\": 1, \"plan_id\": \"p-garbage\", \"steps\": [}"));

        // Then it goes to the dead letters with the original bytes and headers naming the error and the source
        List<TestRecord<byte[], byte[]>> dead = planner.deadLetters();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("p-garbage");
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"steps\": [}");
            assertThat(header(r.headers(), "planexec.error"))
                    .startsWith("$.steps[0]: Unexpected close marker '}'")
                    .endsWith("(line 1, column 57)");
            assertThat(header(r.headers(), "planexec.error.path")).isEqualTo("$.steps[0]");
            assertThat(header(r.headers(), "planexec.source.topic")).isEqualTo("planexec.requests");
            assertThat(header(r.headers(), "planexec.source.partition")).isEqualTo("0");
            assertThat(header(r.headers(), "planexec.source.offset")).isEqualTo("0");
        });

        // And the agent still gets a REJECTED result
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.REJECTED);
        assertThat(result.errors().get(0).message())
                .startsWith("unreadable request: $.steps[0]: Unexpected close marker");
        assertThat(planner.events(PlanEventType.PLAN_REJECTED)).hasSize(1);
    }

    @Test
    void shouldRejectAnInvalidRequestToItsReplyTopicNamingWhereTheErrorIs() {
        // When a well-formed document with a typo in a field name arrives
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-typo", "reply_to": "agent-7.results",
                 "steps": [{"id": "a", "tool": "get_weather", "args": {}, "depend_on": []}]}
                """);

        // Then the dead letter names the path, and the rejection goes to the request's reply topic
        assertThat(planner.deadLetters())
                .singleElement()
                .satisfies(r ->
                        assertThat(header(r.headers(), "planexec.error.path")).isEqualTo("$.steps[0].depend_on"));
        PlanResult result = planner.results(PlannerDriver.AGENT_TOPIC).get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.REJECTED);
        assertThat(result.errors().get(0).message()).contains("depend_on");
    }

    @Test
    void shouldDeadLetterRecordsWithoutAPlanIdWithoutAnswering() {
        // When garbage without a key, and an empty record, arrive
        planner.send(null, utf8("hello"));
        planner.send("not a plan id!", null);

        // Then both are dead-lettered and nobody is answered
        assertThat(planner.deadLetters())
                .extracting(r -> header(r.headers(), "planexec.error"))
                .containsExactly(
                        "Unrecognized token 'hello': was expecting (JSON String, Number, Array,"
                                + " Object or token 'null', 'true' or 'false') (line 1, column 1)",
                        "empty record: a request must be a JSON document");
        assertThat(planner.results()).isEmpty();
        assertThat(planner.metrics
                        .registry()
                        .get("planexec.planner.dead.letters")
                        .tag("source", "requests")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void shouldNotAnswerAnUnreadableDuplicateOfARunningPlan() {
        // Given a running plan
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-run", "steps": [{"id": "a", "tool": "get_weather", "args": {}}]}
                """);
        planner.tasks();

        // When an unreadable request under the same plan id arrives
        planner.send("p-run", utf8("{oops"));

        // Then it is dead-lettered, and the running plan gets no second result
        assertThat(planner.deadLetters()).hasSize(1);
        assertThat(planner.results()).isEmpty();
        assertThat(planner.events(PlanEventType.DUPLICATE_REQUEST)).hasSize(1);
    }

    @Test
    void shouldDeadLetterUnreadableStepResultsAndKeepRunning() {
        // When a broken step result arrives
        planner.sendRawResult("p-x", utf8("{\"schema_version\": 1, \"plan_id\": \"p-x\"}"));

        // Then it is dead-lettered with the path of the problem
        assertThat(planner.deadLetters()).singleElement().satisfies(r -> {
            assertThat(header(r.headers(), "planexec.source.topic")).isEqualTo("planexec.step-results");
            assertThat(header(r.headers(), "planexec.error")).contains("step_id");
        });

        // And the planner keeps working
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-after", "steps": [{"id": "a", "tool": "get_weather", "args": {}}]}
                """);
        planner.succeed(planner.tasks().get(0), "ok");
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(PlanStatus.SUCCEEDED));
    }
}
