package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.planner.state.StateKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the planner writes to its changelogs: a step result on a large plan costs about as much as one on a small plan,
 * because no entry grows with the plan.
 */
class StateFootprintTest {

    private static final Logger LOGGER = LoggerFactory.getLogger(StateFootprintTest.class);

    private final PlannerDriver planner = new PlannerDriver().register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    /** Bytes (keys and values) written to the planner's changelogs since the last call. */
    private long changelogBytes() {
        long bytes = 0;
        for (String topic : planner.driver().producedTopicNames()) {
            if (topic.endsWith("-changelog")) {
                for (TestRecord<byte[], byte[]> r : planner.driver()
                        .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList()) {
                    bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                }
            }
        }
        return bytes;
    }

    private static String independentSteps(String planId, int n) {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < n; i++) {
            steps.append(i == 0 ? "" : ",")
                    .append("{\"id\": \"step-")
                    .append(i)
                    .append("\", \"tool\": \"get_weather\", \"args\": {\"city\": \"city-")
                    .append(i)
                    .append("\"}}");
        }
        return "{\"schema_version\": 1, \"plan_id\": \"" + planId + "\", \"steps\": [" + steps + "]}";
    }

    /** Runs a plan of n independent steps; returns {accept bytes, bytes per result over the first 100, finish bytes}. */
    private long[] footprint(String planId, int n) {
        changelogBytes();
        planner.submit(independentSteps(planId, n));
        long accept = changelogBytes();
        List<StepTask> tasks = new ArrayList<>(planner.tasks());
        assertThat(tasks).hasSize(n);
        int measured = Math.min(100, n - 1);
        for (int i = 0; i < measured; i++) {
            planner.succeed(tasks.get(i), Map.of("temperature", 20 + i % 10, "sky", "clear"));
        }
        long perResult = changelogBytes() / measured;
        for (int i = measured; i < n; i++) {
            planner.succeed(tasks.get(i), Map.of("temperature", 20, "sky", "clear"));
        }
        assertThat(planner.results())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(PlanStatus.SUCCEEDED));
        return new long[] {accept, perResult, changelogBytes()};
    }

    @Test
    void shouldWriteASmallConstantAmountPerStepResultWhateverThePlanSize() {
        // When a 10-step and a 1,000-step plan run
        long[] small = footprint("p-small", 10);
        long[] large = footprint("p-large", 1_000);
        LOGGER.info("changelog_bytes plan_steps=10 accept={} per_result={} finish={}", small[0], small[1], small[2]);
        LOGGER.info("changelog_bytes plan_steps=1000 accept={} per_result={} finish={}", large[0], large[1], large[2]);

        // Then a result on the large plan writes no more than on the small one: one step entry and the plan header
        assertThat(large[1]).isLessThanOrEqualTo(small[1] + 16).isLessThan(300);
    }

    @Test
    void shouldWriteAllPlanStateToOneChangelog() {
        // When a plan is accepted and runs to its end (a deadline timer set and removed, a purge timer set)
        footprint("p-one-changelog", 3);

        // Then its record, definition, step states and timers all went to the changelog of one store: a planner pass
        // adds one changelog partition to its transaction, not one per kind of entry
        assertThat(planner.driver().producedTopicNames())
                .filteredOn(topic -> topic.endsWith("-changelog"))
                .singleElement()
                .satisfies(topic -> assertThat(topic).endsWith("-" + PlannerTopology.PLAN_STATE_STORE + "-changelog"));
    }

    @Test
    void shouldReportEveryStepAndKeepNoStepStateOnceAPlanFinishes() {
        // Given a plan still running, and a small and a larger plan
        planner.submit(independentSteps("p-running", 2));
        List<StepTask> running = new ArrayList<>(planner.tasks());
        assertThat(running).hasSize(2);

        for (int n : List.of(3, 100)) {
            // When the plan runs to its end, each step with its own output
            planner.submit(independentSteps("p-" + n, n));
            for (StepTask task : planner.tasks()) {
                planner.succeed(task, Map.of("step", task.stepId()));
            }

            // Then its result reports every step as it ended, with its output
            PlanResult result = planner.results().get(0);
            assertThat(result.planId()).isEqualTo("p-" + n);
            assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(result.steps()).hasSize(n);
            result.steps().forEach((id, step) -> assertThat(step.output()).isEqualTo(Map.of("step", id)));
        }

        // And no step state of a finished plan is left, while the running plan's are
        KeyValueStore<String, byte[]> state = planner.driver().getKeyValueStore(PlannerTopology.PLAN_STATE_STORE);
        List<String> left = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = state.all()) {
            it.forEachRemaining(kv -> left.add(kv.key));
        }
        assertThat(left)
                .noneMatch(k -> k.startsWith(StateKeys.step("p-3", "")) || k.startsWith(StateKeys.step("p-100", "")))
                .filteredOn(k -> k.startsWith(StateKeys.step("p-running", "")))
                .hasSize(2);

        // And the running plan, untouched by their clean-up, still ends with both its steps
        running.forEach(task -> planner.succeed(task, Map.of("step", task.stepId())));
        PlanResult last = planner.results().get(0);
        assertThat(last.planId()).isEqualTo("p-running");
        assertThat(last.steps())
                .hasSize(2)
                .allSatisfy((id, step) -> assertThat(step.status()).isEqualTo(StepStatus.SUCCEEDED));
    }
}
