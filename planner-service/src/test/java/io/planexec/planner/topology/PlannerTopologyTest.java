package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.StepTask;
import io.planexec.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class PlannerTopologyTest {

    @Test
    void shouldNameEverySourceProcessorSinkAndStore() {
        // Given the topology under a custom prefix
        Topics topics = new Topics("acme.px");
        TopologyDescription description = PlannerTopology.build(
                        TopologyFixtures.dependencies(topics, new EagerCommits(10, 4, 20)))
                .describe();

        // Then the plan processors share one sub-topology, and every node carries its constant's name
        assertThat(description.subtopologies())
                .singleElement()
                .satisfies(s -> assertThat(s.nodes())
                        .extracting(TopologyDescription.Node::name)
                        .containsExactlyInAnyOrder(
                                PlannerTopology.REQUESTS_SOURCE,
                                PlannerTopology.STEP_RESULTS_SOURCE,
                                PlannerTopology.REQUEST_PROCESSOR,
                                PlannerTopology.STEP_RESULT_PROCESSOR,
                                PlannerTopology.STEP_TASKS_SINK,
                                PlannerTopology.PLAN_RESULTS_SINK,
                                PlannerTopology.PLAN_EVENTS_SINK,
                                PlannerTopology.DEAD_LETTERS_SINK,
                                PlannerTopology.TIMER_CHECKS_SINK,
                                PlannerTopology.REQUESTS_REKEY_SINK));
        String text = description.toString();
        assertThat(text)
                .contains("topics: [acme.px.requests]", "topics: [acme.px.step-results]", "topic: acme.px.events");
        assertThat(description.subtopologies().iterator().next().nodes())
                .filteredOn(n -> n instanceof TopologyDescription.Processor)
                .extracting(n -> ((TopologyDescription.Processor) n).stores())
                .containsOnly(Set.of(PlannerTopology.PLAN_STATE_STORE));
        assertThat(description.globalStores())
                .extracting(g -> g.source().topicSet(), g -> g.processor().stores())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                Set.of("acme.px.tools"), Set.of(PlannerTopology.TOOL_REGISTRY_STORE)),
                        org.assertj.core.groups.Tuple.tuple(
                                Set.of("acme.px.executors"), Set.of(PlannerTopology.EXECUTOR_REGISTRY_STORE)));
    }

    @Test
    void shouldPublishAnEventForEveryTransitionOfAPlan() {
        try (PlannerDriver planner = new PlannerDriver().register(TestTools.ALL)) {
            // Given a plan of two steps in a chain
            planner.submit("""
                    {"schema_version": 1, "plan_id": "p-timeline", "steps": [
                      {"id": "a", "tool": "create_user", "args": {}},
                      {"id": "b", "tool": "get_weather", "args": {"x": {"$ref": "a"}}}]}
                    """);

            // When it runs to the end
            StepTask a = planner.tasks().get(0);
            planner.started(a);
            planner.advance(Duration.ofMillis(5));
            planner.succeed(a, "ok");
            planner.succeed(planner.tasks().get(0), "ok");

            // Then the events, in order, draw its timeline
            List<PlanEvent> events = planner.events();
            assertThat(events)
                    .extracting(e -> e.type() + (e.stepId() == null ? "" : " " + e.stepId()) + " " + e.status())
                    .containsExactly(
                            PlanEventType.PLAN_ACCEPTED + " RUNNING",
                            PlanEventType.STEP_RELEASED + " a RELEASED",
                            PlanEventType.STEP_STARTED + " a RUNNING",
                            PlanEventType.STEP_FINISHED + " a SUCCEEDED",
                            PlanEventType.STEP_RELEASED + " b RELEASED",
                            PlanEventType.STEP_FINISHED + " b SUCCEEDED",
                            PlanEventType.PLAN_FINISHED + " SUCCEEDED");
            assertThat(events).allSatisfy(e -> assertThat(e.planId()).isEqualTo("p-timeline"));
            assertThat(events.get(3).at()).isEqualTo(PlannerDriver.START.plusMillis(5));
            assertThat(events.get(6).detail())
                    .isEqualTo("2 steps (2 SUCCEEDED); makespan 5 ms, critical path 0 ms, serial 0 ms; result sent to"
                            + " planexec.plan-results");
        }
    }
}
