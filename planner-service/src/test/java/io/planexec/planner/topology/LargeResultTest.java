package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepTask;
import io.planexec.planner.run.EngineSettings;
import io.planexec.planner.state.StateKeys;
import io.planexec.topics.ResultRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A result larger than one record is published in parts, loses no output, is stored (in parts when large) for
 * resubmissions and purged with its parts; only a result larger than the result limit is shrunk, saying so.
 */
class LargeResultTest {

    private static final int MESSAGE_BYTES = 64 * 1024;
    private static final int STEPS = 1_000;

    private final PlannerDriver planner = new PlannerDriver(new EngineSettings(
                    300_000, 600_000, 10_000, 60_000, MESSAGE_BYTES, 16 * 1024 * 1024, 1_000, 120_000))
            .register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void shouldPublishAResultLargerThanARecordInPartsWithEveryOutput() {
        // Given a plan of 1,000 steps, each with an output of 3,000 random hex characters (about 3.5 MB of result
        // JSON, which deflates to more than one state entry holds)
        Map<String, String> outputs = runLargePlan("p-big");

        // Then its one result is published as consecutive parts of at most one record each, one result id
        List<TestRecord<String, byte[]>> records = planner.resultRecords();
        assertThat(records).hasSizeGreaterThan(20);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("p-big");
            assertThat(r.value().length).isLessThanOrEqualTo(MESSAGE_BYTES);
        });
        assertThat(records)
                .extracting(r -> PlannerDriver.header(r.headers(), ResultRecords.PART))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, records.size())
                        .mapToObj(i -> i + "/" + records.size())
                        .toList());
        assertThat(records)
                .extracting(r -> PlannerDriver.header(r.headers(), ResultRecords.RESULT_ID))
                .containsOnly(PlannerDriver.header(records.get(0).headers(), ResultRecords.RESULT_ID));

        // And put back together it carries every step's output, nothing shrunk
        PlanResult result = planner.results().get(0);
        assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertThat(result.steps()).hasSize(STEPS);
        Map<String, Object> got = result.steps().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().output()));
        assertThat(got).isEqualTo(outputs);
        assertThat(result.errors()).isEmpty();

        // And the result kept for resubmissions is stored in parts of its own
        KeyValueStore<String, byte[]> state = planner.driver().getKeyValueStore(PlannerTopology.PLAN_STATE_STORE);
        assertThat(state.get(StateKeys.resultPart("p-big", 0))).isNotNull();
        assertThat(state.get(StateKeys.resultPart("p-big", 1))).isNotNull();
    }

    @Test
    void shouldSendAStoredResultInPartsAgainAndPurgeItsParts() {
        // Given a finished plan with a large result
        runLargePlan("p-again");
        PlanResult first = planner.results().get(0);
        int parts = planner.resultRecords().size();

        // When it is resubmitted, it gets the same result again, in parts
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-again", "steps": [{"id": "x", "tool": "get_weather", "args": {}}]}
                """);
        assertThat(planner.tasks()).isEmpty();
        assertThat(planner.results()).containsExactly(first);
        assertThat(planner.resultRecords()).hasSize(2 * parts);

        // When its retention ends, the record and every part of its stored result are deleted
        KeyValueStore<String, byte[]> state = planner.driver().getKeyValueStore(PlannerTopology.PLAN_STATE_STORE);
        assertThat(state.get(StateKeys.resultPart("p-again", 0))).isNotNull();
        planner.advance(Duration.ofSeconds(61));
        assertThat(state.get(StateKeys.plan("p-again"))).isNull();
        try (var all = state.all()) {
            all.forEachRemaining(e -> assertThat(e.key).doesNotStartWith("r/"));
        }
    }

    @Test
    void shouldShrinkOnlyAResultLargerThanTheResultLimitAndSaySo() {
        try (PlannerDriver small = new PlannerDriver(
                        new EngineSettings(300_000, 600_000, 10_000, 60_000, MESSAGE_BYTES, 1_000_000, 1_000, 120_000))
                .register(TestTools.ALL)) {
            // Given tool calls whose result is about 7 MB (outputs in the steps and in the tool messages) and a
            // result limit of 1,000,000 bytes
            String calls = IntStream.range(0, STEPS)
                    .mapToObj(i -> "{\"id\": \"c" + i + "\", \"type\": \"function\", \"function\": {\"name\":"
                            + " \"get_weather\", \"arguments\": \"{}\"}}")
                    .collect(Collectors.joining(", "));
            small.submit("{\"schema_version\": 1, \"plan_id\": \"p-shrunk\", \"tool_calls\": [" + calls + "]}");
            Random random = new Random(7);
            for (StepTask task : small.tasks()) {
                byte[] bytes = new byte[1_500];
                random.nextBytes(bytes);
                small.succeed(task, HexFormat.of().formatHex(bytes));
            }

            // Then it is cut to the limit: the step outputs the messages carry left out, the messages' texts cut with
            // a note, every call still answered
            PlanResult result = small.results().get(0);
            assertThat(small.resultRecords().stream()
                            .mapToInt(r -> r.value().length)
                            .sum())
                    .isLessThanOrEqualTo(1_000_000);
            assertThat(result.messages()).hasSize(STEPS);
            assertThat(result.steps()).hasSize(STEPS);
            assertThat(result.steps().get("c0").output()).isNull();
            assertThat(result.messages().get(0).get("content").toString())
                    .endsWith(" [truncated from 3000 characters: the plan result is limited to 1000000 bytes]");
        }
    }

    @Test
    void shouldNameWhereTheBytesOfATaskOverTheLimitComeFrom() {
        // Given a step whose own argument is too large, and one that takes a large output of another step
        String big = "x".repeat(MESSAGE_BYTES);
        planner.submit("{\"schema_version\": 1, \"plan_id\": \"p-size\", \"steps\": ["
                + "{\"id\": \"own\", \"tool\": \"get_weather\", \"args\": {\"text\": \"" + big + "\"}},"
                + "{\"id\": \"fetch\", \"tool\": \"get_news\", \"args\": {}},"
                + "{\"id\": \"use\", \"tool\": \"get_weather\", \"args\": {\"news\": {\"$ref\": \"fetch\"}}}]}");
        StepTask fetch = planner.tasks().get(0);

        // When the other step's output is large too
        planner.succeed(fetch, big);

        // Then each fails saying where its bytes came from
        PlanResult result = planner.results().get(0);
        assertThat(result.steps().get("own").error())
                .startsWith("its task is ")
                .contains("its arguments, as the request gives them, are " + (MESSAGE_BYTES + 11) + " bytes: send"
                        + " less data in the request");
        assertThat(result.steps().get("use").error())
                .contains("its references bring in args.news from step 'fetch': " + (MESSAGE_BYTES + 2) + " bytes:"
                        + " pass less data between the steps");
    }

    private Map<String, String> runLargePlan(String planId) {
        return runLargePlan(planner, planId);
    }

    private static Map<String, String> runLargePlan(PlannerDriver driver, String planId) {
        String steps = IntStream.range(0, STEPS)
                .mapToObj(i -> "{\"id\": \"s" + i + "\", \"tool\": \"get_weather\", \"args\": {\"n\": " + i + "}}")
                .collect(Collectors.joining(", "));
        driver.submit("{\"schema_version\": 1, \"plan_id\": \"" + planId + "\", \"steps\": [" + steps + "]}");
        Random random = new Random(7);
        Map<String, String> outputs = new HashMap<>();
        for (StepTask task : driver.tasks()) {
            byte[] bytes = new byte[1_500];
            random.nextBytes(bytes);
            String output = HexFormat.of().formatHex(bytes);
            outputs.put(task.stepId(), output);
            driver.succeed(task, output);
        }
        assertThat(outputs).hasSize(STEPS);
        return outputs;
    }
}
