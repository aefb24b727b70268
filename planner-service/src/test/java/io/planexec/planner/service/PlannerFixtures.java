package io.planexec.planner.service;

import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import io.planexec.testing.KafkaCluster;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Settings and tools shared by the planner's integration tests. */
final class PlannerFixtures {

    static final ToolSpec ECHO = ToolSpec.builder("echo")
            .touchesNothing()
            .idempotent(true)
            .latencyClass(LatencyClass.FAST)
            .timeoutMs(5_000)
            .build();
    static final ToolSpec WRITE = ToolSpec.builder("write")
            .writes("store:{key}")
            .latencyClass(LatencyClass.FAST)
            .timeoutMs(5_000)
            .build();

    private PlannerFixtures() {}

    /** The settings of a planner under its own prefix (and so its own application id). */
    static Map<String, String> settings(KafkaCluster kafka, String prefix, Path stateDir) {
        Map<String, String> s = new HashMap<>();
        s.put("bootstrap.servers", kafka.bootstrapServers());
        s.put("topic.prefix", prefix);
        s.put("topic.partitions", "2");
        s.put("planner.state.dir", stateDir.toString());
        s.put("planner.admin.timeout.ms", "20000");
        return s;
    }

    static void register(KafkaCluster kafka, Topics topics, List<ToolSpec> specs) {
        WireFormat wire = new WireFormat();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            for (ToolSpec spec : specs) {
                producer.send(new ProducerRecord<>(topics.tools(), spec.name(), wire.writeToolSpec(spec)));
            }
            producer.flush();
        }
    }

    static Duration generous() {
        return Duration.ofSeconds(60);
    }
}
