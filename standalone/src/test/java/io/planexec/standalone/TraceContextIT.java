package io.planexec.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.planexec.client.PlanexecClient;
import io.planexec.client.Requests;
import io.planexec.executor.tool.ToolContext;
import io.planexec.executor.tool.ToolFunction;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.TraceContext;
import io.planexec.testing.KafkaCluster;
import io.planexec.testing.KafkaClusterExtension;
import io.planexec.topics.StepResultHeaders;
import io.planexec.topics.Topics;
import io.planexec.topics.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An agent's trace context reaches every record of its plan on a real broker (step tasks, the executor's notices and
 * results, events, the plan result) and the tools themselves.
 */
@ExtendWith(KafkaClusterExtension.class)
class TraceContextIT {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /** Tools that remember the trace context each call was given. */
    public static final class TracedTools {
        final Map<String, String> seen = new ConcurrentHashMap<>();

        @ToolFunction(name = "traced_read", description = "Reads.", reads = "doc:{id}", idempotent = true)
        public String read(String id, ToolContext context) {
            seen.put(
                    context.stepId(),
                    context.traceparent().orElse("none") + " "
                            + context.tracestate().orElse(""));
            return "doc " + id;
        }

        @ToolFunction(name = "traced_write", description = "Writes.", writes = "doc:{id}")
        public String write(String id, String text, ToolContext context) {
            seen.put(
                    context.stepId(),
                    context.traceparent().orElse("none") + " "
                            + context.tracestate().orElse(""));
            return "wrote " + id;
        }
    }

    @Test
    void shouldCarryTheRequestsTraceContextOnEveryRecordOfItsPlanAndToTheTools(KafkaCluster kafka) throws Exception {
        // Given a running system with tools that look at their context
        String prefix = kafka.uniquePrefix("trace");
        TracedTools tools = new TracedTools();
        try (Standalone planexec = Standalone.builder()
                .bootstrap(kafka.bootstrapServers())
                .topicPrefix(prefix)
                .toolbox(new Toolbox().registerMethods(tools))
                .start()) {
            Topics topics = planexec.topics();

            // When an agent publishes a request whose record carries a trace context
            RecordHeaders headers = new RecordHeaders();
            TraceHeaders.write(headers, new TraceContext(TRACEPARENT, "congo=t61rcWkgMzE"));
            byte[] request = """
                    {"schema_version": 1, "plan_id": "traced-1", "steps": [
                      {"id": "w", "tool": "traced_write", "args": {"id": "d1", "text": "x"}},
                      {"id": "r", "tool": "traced_read", "args": {"id": "d1"}}]}
                    """.getBytes(StandardCharsets.UTF_8);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(
                                topics.requests(), null, "traced-1".getBytes(StandardCharsets.UTF_8), request, headers))
                        .get(30, TimeUnit.SECONDS);
            }

            // Then the plan's result arrives, every record of the plan carries the context, and each tool got it
            List<ConsumerRecord<byte[], byte[]>> results = await().atMost(Duration.ofSeconds(60))
                    .until(() -> readAll(kafka, topics.planResults()), r -> !r.isEmpty());
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(results);
            for (String queue : List.of("fast", "medium", "slow", "very_slow")) {
                records.addAll(readAll(kafka, topics.steps(queue)));
            }
            readAll(kafka, topics.stepResults()).stream()
                    .filter(r -> r.headers().lastHeader(StepResultHeaders.TIMER_CHECK) == null)
                    .forEach(records::add);
            records.addAll(readAll(kafka, topics.events()));
            // two tasks, two STARTED notices (a non-idempotent step), two results, events, the result
            assertThat(records).hasSizeGreaterThanOrEqualTo(2 + 1 + 2 + 5 + 1);
            assertThat(records)
                    .allSatisfy(r -> assertThat(TraceHeaders.read(r.headers()))
                            .as("record of %s", r.topic())
                            .contains(new TraceContext(TRACEPARENT, "congo=t61rcWkgMzE")));
            assertThat(tools.seen)
                    .containsOnlyKeys("w", "r")
                    .allSatisfy((step, trace) -> assertThat(trace).isEqualTo(TRACEPARENT + " congo=t61rcWkgMzE"));
        }
    }

    @Test
    void shouldSendTheTraceContextTheJavaClientIsGiven(KafkaCluster kafka) throws Exception {
        String prefix = kafka.uniquePrefix("trace-client");
        TracedTools tools = new TracedTools();
        TraceContext trace = new TraceContext("00-5bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null);
        try (Standalone planexec = Standalone.builder()
                        .bootstrap(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .toolbox(new Toolbox().registerMethods(tools))
                        .start();
                PlanexecClient client = PlanexecClient.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .topicPrefix(prefix)
                        .build()) {
            PlanResult result = client.submit(
                            Requests.steps("traced-client")
                                    .step("r", "traced_read", Map.of("id", "d"))
                                    .build(),
                            Duration.ofSeconds(60),
                            trace)
                    .get(90, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(PlanStatus.SUCCEEDED);
            assertThat(tools.seen).containsEntry("r", trace.traceparent() + " ");
        }
    }

    /** Every record of a topic, from the beginning to its current end. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaCluster kafka, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
