package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.LatencyClass;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Steps go to their tool's task queue: a custom queue's topic, or the latency class's when the spec names none. */
class QueueRoutingTest {

    private final PlannerDriver planner =
            new PlannerDriver().register(TestTools.ALL).register(TestTools.RENDER, TestTools.TRANSCODE);

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void shouldPublishAStepToItsToolsQueueAndTheOthersToTheirLatencyClass() {
        // Given a plan with a tool of the custom queue "gpu" (a SLOW tool) and a FAST tool of no queue
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-q", "steps": [
                  {"id": "weather", "tool": "get_weather", "args": {"city": "Oslo"}},
                  {"id": "render", "tool": "render", "args": {"name": "cat"}}]}
                """);

        // Then the render task is on planexec.steps.gpu, keyed by its written resource, and nowhere else
        List<TestRecord<String, byte[]>> gpu = planner.gpuQueueRecords();
        assertThat(gpu).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("image:cat");
            StepTask task = planner.wire.readStepTask(r.value());
            assertThat(task.stepId()).isEqualTo("render");
            assertThat(task.latencyClass()).isEqualTo(LatencyClass.SLOW);
        });
        assertThat(planner.taskRecords(LatencyClass.SLOW)).isEmpty();
        assertThat(planner.taskRecords(LatencyClass.FAST))
                .singleElement()
                .satisfies(r -> assertThat(planner.wire.readStepTask(r.value()).stepId())
                        .isEqualTo("weather"));
        assertThat(planner.events(PlanEventType.STEP_RELEASED))
                .filteredOn(e -> "render".equals(e.stepId()))
                .singleElement()
                .extracting(PlanEvent::detail)
                .isEqualTo("render to planexec.steps.gpu key image:cat");
    }

    @Test
    void shouldFailAStepWhoseQueueHasNoTopicAndNameTheFix() {
        // Given a tool whose queue "video" has no topic, and a step that needs its output
        planner.submit("""
                {"schema_version": 1, "plan_id": "p-video", "steps": [
                  {"id": "cut", "tool": "transcode", "args": {}},
                  {"id": "after", "tool": "get_weather", "args": {"city": {"$ref": "cut"}}},
                  {"id": "other", "tool": "get_news", "args": {"topic": "tech"}}]}
                """);

        // Then the step fails at once without being published, saying which queue and how to give it a topic
        List<StepTask> tasks = planner.tasks();
        assertThat(tasks).extracting(StepTask::stepId).containsExactly("other");
        planner.succeed(tasks.get(0), Map.of("news", 1));
        assertThat(planner.results()).singleElement().satisfies((PlanResult r) -> {
            assertThat(r.status()).isEqualTo(PlanStatus.PARTIAL);
            assertThat(r.steps().get("cut").status()).isEqualTo(StepStatus.FAILED);
            assertThat(r.steps().get("cut").error())
                    .contains("queue 'video'")
                    .contains("topic 'planexec.steps.video' does not exist")
                    .contains("--queue video");
            assertThat(r.steps().get("after").status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(r.steps().get("other").status()).isEqualTo(StepStatus.SUCCEEDED);
        });
    }
}
