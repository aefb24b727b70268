package io.planexec.bench.harness.scenario;

import io.micrometer.core.instrument.MeterRegistry;
import io.planexec.topics.Topics;
import java.util.Map;

/**
 * The planexec the scenarios measure: where its cluster is, its topics, and its planner's and executor's meters.
 *
 * @param kafkaProperties client properties for its cluster (at least {@code bootstrap.servers})
 * @param topics its topic names
 * @param meters the meters of its planner and executor (they run in this process)
 */
public record SystemUnderTest(Map<String, Object> kafkaProperties, Topics topics, MeterRegistry meters) {

    public SystemUnderTest {
        kafkaProperties = Map.copyOf(kafkaProperties);
    }
}
