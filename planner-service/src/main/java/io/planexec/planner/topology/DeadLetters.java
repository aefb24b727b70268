package io.planexec.planner.topology;

import io.planexec.planner.metrics.PlannerMetrics;
import io.planexec.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records the planner cannot process to the dead-letter topic: the original key and bytes, the original headers,
 * and headers naming the error and where the record came from ({@link DeadLetterHeaders}, documented in
 * docs/protocol.md).
 */
final class DeadLetters {

    static final String ERROR = DeadLetterHeaders.ERROR;
    static final String ERROR_PATH = DeadLetterHeaders.ERROR_PATH;
    static final String SOURCE_TOPIC = DeadLetterHeaders.SOURCE_TOPIC;
    static final String SOURCE_PARTITION = DeadLetterHeaders.SOURCE_PARTITION;
    static final String SOURCE_OFFSET = DeadLetterHeaders.SOURCE_OFFSET;

    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetters.class);

    private final ProcessorContext<Object, Object> context;
    private final String topic;
    private final PlannerMetrics metrics;
    private final String source;

    /**
     * @param topic the dead-letter topic
     * @param source the metric tag of the records' source ({@code requests}, {@code step-results})
     */
    DeadLetters(ProcessorContext<Object, Object> context, String topic, PlannerMetrics metrics, String source) {
        if (!PlannerMetrics.DEAD_LETTER_SOURCES.contains(source)) {
            throw new IllegalArgumentException("unknown dead-letter source '" + source
                    + "': add it to PlannerMetrics.DEAD_LETTER_SOURCES (the metric's tags)");
        }
        this.context = context;
        this.topic = topic;
        this.metrics = metrics;
        this.source = source;
    }

    void send(Record<byte[], byte[]> record, String error, String path) {
        Optional<RecordMetadata> metadata = context.recordMetadata();
        String sourceTopic = metadata.map(RecordMetadata::topic).orElse("");
        String partition = metadata.map(m -> Integer.toString(m.partition())).orElse("");
        String offset = metadata.map(m -> Long.toString(m.offset())).orElse("");
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(ERROR, utf8(error));
        headers.add(ERROR_PATH, utf8(path == null ? "" : path));
        headers.add(SOURCE_TOPIC, utf8(sourceTopic));
        headers.add(SOURCE_PARTITION, utf8(partition));
        headers.add(SOURCE_OFFSET, utf8(offset));
        context.forward(
                new Record<>(record.key(), new Routed(topic, record.value()), context.currentSystemTimeMs(), headers),
                PlannerTopology.DEAD_LETTERS_SINK);
        metrics.deadLetter(source);
        LOGGER.warn(
                "dead_letter source_topic={} partition={} offset={} error=\"{}\"",
                sourceTopic,
                partition,
                offset,
                error);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
