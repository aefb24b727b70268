package io.planexec.executor.kafka;

import io.planexec.executor.call.CallOutcome;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.TraceContext;
import io.planexec.topics.DeadLetterHeaders;
import io.planexec.topics.Topics;
import io.planexec.topics.TraceHeaders;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The records an executor writes: STARTED notices and results to {@code <prefix>.step-results} (keyed by plan id), and
 * unreadable tasks to {@code <prefix>.dead-letters} with the {@link DeadLetterHeaders} naming the error and the source.
 */
final class TaskRecords {

    private final Topics topics;
    private final WireFormat wire;
    private final String executor;
    private final int resultMaxBytes;

    TaskRecords(Topics topics, WireFormat wire, String executor, int resultMaxBytes) {
        this.topics = topics;
        this.wire = wire;
        this.executor = executor;
        this.resultMaxBytes = resultMaxBytes;
    }

    /** A result record and the status it reports. */
    record Finished(ProducerRecord<byte[], byte[]> record, StepStatus status) {}

    /** The STARTED notice of a task, carrying the plan's trace context ({@code null}: none). */
    ProducerRecord<byte[], byte[]> started(StepTask task, Instant at, TraceContext trace) {
        StepResult notice = StepResult.started(task.planId(), task.stepId(), task.release(), executor, at);
        return toResults(task, wire.writeStepResult(notice), trace);
    }

    /**
     * The FINISHED result of a task. An output too large to publish turns into a FAILED result that says so (the
     * attempts are kept).
     * It carries the plan's trace context ({@code null}: none).
     */
    Finished finished(StepTask task, CallOutcome outcome, Instant at, TraceContext trace) {
        StepResult result = StepResult.finished(
                task.planId(),
                task.stepId(),
                task.release(),
                outcome.status(),
                outcome.output(),
                outcome.error(),
                outcome.attempts(),
                executor,
                at);
        byte[] bytes = wire.writeStepResult(result);
        if (bytes.length > resultMaxBytes) {
            StepResult tooLarge = StepResult.finished(
                    task.planId(),
                    task.stepId(),
                    task.release(),
                    StepStatus.FAILED,
                    null,
                    "tool '" + task.tool() + "' returned a result of " + bytes.length + " bytes, more than this"
                            + " executor's limit of " + resultMaxBytes + " bytes (executor.result.max.bytes): return"
                            + " less, e.g. a summary, a page of the data, or where to find it",
                    outcome.attempts(),
                    executor,
                    at);
            return new Finished(toResults(task, wire.writeStepResult(tooLarge), trace), StepStatus.FAILED);
        }
        return new Finished(toResults(task, bytes, trace), outcome.status());
    }

    /** The original record, unchanged, with headers naming the error and where it came from. */
    ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> source, String error, String path) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.ERROR, utf8(error));
        headers.add(DeadLetterHeaders.ERROR_PATH, utf8(path == null ? "" : path));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(source.topic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        return new ProducerRecord<>(topics.deadLetters(), null, source.key(), source.value(), headers);
    }

    private ProducerRecord<byte[], byte[]> toResults(StepTask task, byte[] value, TraceContext trace) {
        RecordHeaders headers = new RecordHeaders();
        if (trace != null) {
            TraceHeaders.write(headers, trace);
        }
        return new ProducerRecord<>(topics.stepResults(), null, utf8(task.planId()), value, headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
