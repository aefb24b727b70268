package io.planexec.planner.service;

import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import io.planexec.testing.KafkaCluster;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

    /**
     * Registers the tools, and a heartbeat of the {@link ScriptedExecutor} that serves them (with an interval of a
     * year, so it counts as running however far a test moves the planner's clock).
     */
    static void register(KafkaCluster kafka, Topics topics, List<ToolSpec> specs) {
        WireFormat wire = new WireFormat();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            for (ToolSpec spec : specs) {
                producer.send(new ProducerRecord<>(topics.tools(), spec.name(), wire.writeToolSpec(spec)));
            }
            Instant now = Instant.now();
            ExecutorHeartbeat beat = new ExecutorHeartbeat(
                    "scripted",
                    List.of("fast", "medium", "slow", "very_slow"),
                    specs.stream().map(ToolSpec::name).toList(),
                    now,
                    now,
                    Duration.ofDays(365).toMillis(),
                    null);
            producer.send(new ProducerRecord<>(topics.executors(), beat.instance(), wire.writeExecutorHeartbeat(beat)));
            producer.flush();
        }
    }

    /**
     * The {@link ScriptedExecutor}'s last heartbeat: it stopped now (the calls it reported started and never finished
     * are lost with it).
     */
    static void stopped(KafkaCluster kafka, Topics topics, List<ToolSpec> specs) {
        WireFormat wire = new WireFormat();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            Instant now = Instant.now();
            ExecutorHeartbeat beat = new ExecutorHeartbeat(
                    "scripted",
                    List.of("fast", "medium", "slow", "very_slow"),
                    specs.stream().map(ToolSpec::name).toList(),
                    now.minus(Duration.ofHours(1)),
                    now,
                    Duration.ofDays(365).toMillis(),
                    now);
            producer.send(new ProducerRecord<>(topics.executors(), beat.instance(), wire.writeExecutorHeartbeat(beat)));
            producer.flush();
        }
    }

    static Duration generous() {
        return Duration.ofSeconds(60);
    }
}
