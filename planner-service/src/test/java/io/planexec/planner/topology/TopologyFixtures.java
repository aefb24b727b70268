package io.planexec.planner.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.planexec.plan.Planner;
import io.planexec.planner.metrics.PlannerMetrics;
import io.planexec.planner.run.EngineSettings;
import io.planexec.planner.state.DefinitionCache;
import io.planexec.planner.topic.TopicChecks;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.util.Set;

/** The planner topology's dependencies for tests that build it or call its helpers without a test driver. */
final class TopologyFixtures {

    private TopologyFixtures() {}

    /** Default engine settings, a fresh meter registry, and these topics and early-commit rules. */
    static PlannerTopology.Dependencies dependencies(Topics topics, EagerCommits eagerCommits) {
        return new PlannerTopology.Dependencies(
                topics,
                EngineSettings.DEFAULTS,
                new PlannerMetrics(new SimpleMeterRegistry()),
                new DefinitionCache(10),
                new WireFormat(),
                new Planner(),
                0,
                Duration.ofMillis(100),
                eagerCommits,
                TopicChecks.fixed(Set.of(topics.steps(TestTools.GPU_QUEUE))),
                new ExecutorIndex());
    }
}
