package io.planexec.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.executor.call.CallOutcome;
import io.planexec.model.Attempt;
import io.planexec.model.LatencyClass;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class TaskRecordsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final WireFormat WIRE = new WireFormat();
    private final TaskRecords records = new TaskRecords(new Topics("px"), WIRE, "ex-1", 1_024);
    private final StepTask task = new StepTask(
            "p1",
            "s1",
            "big",
            Map.of(),
            2,
            "k",
            LatencyClass.FAST,
            T0.plusSeconds(60),
            1_000,
            true,
            0,
            "p1/s1/2",
            T0,
            null);

    @Test
    void shouldPublishResultsKeyedByPlanWithTheRelease() {
        Attempt attempt = new Attempt(1, T0, T0, StepStatus.SUCCEEDED, null, "ex-1");

        TaskRecords.Finished finished =
                records.finished(task, new CallOutcome(StepStatus.SUCCEEDED, "ok", null, List.of(attempt)), T0, null);

        assertThat(finished.record().topic()).isEqualTo("px.step-results");
        assertThat(new String(finished.record().key(), StandardCharsets.UTF_8)).isEqualTo("p1");
        StepResult result = WIRE.readStepResult(finished.record().value());
        assertThat(result.release()).isEqualTo(2);
        assertThat(result.output()).isEqualTo("ok");
        assertThat(result.executor()).isEqualTo("ex-1");
        assertThat(WIRE.readStepResult(records.started(task, T0, null).value()).kind())
                .isEqualTo(StepResult.Kind.STARTED);
    }

    @Test
    void shouldCarryThePlansTraceContextOnNoticesAndResults() {
        TraceContext trace = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "k=v");
        Attempt attempt = new Attempt(1, T0, T0, StepStatus.SUCCEEDED, null, "ex-1");

        assertThat(TraceHeaders.read(records.started(task, T0, trace).headers()))
                .contains(trace);
        assertThat(TraceHeaders.read(records.finished(
                                task, new CallOutcome(StepStatus.SUCCEEDED, "ok", null, List.of(attempt)), T0, trace)
                        .record()
                        .headers()))
                .contains(trace);
        // the result that replaces one too large to publish too
        assertThat(TraceHeaders.read(records.finished(
                                task,
                                new CallOutcome(StepStatus.SUCCEEDED, "x".repeat(5_000), null, List.of(attempt)),
                                T0,
                                trace)
                        .record()
                        .headers()))
                .contains(trace);
        assertThat(TraceHeaders.read(records.started(task, T0, null).headers())).isEmpty();
    }

    @Test
    void shouldFailAResultTooLargeToPublishAndKeepItsAttempts() {
        Attempt attempt = new Attempt(1, T0, T0, StepStatus.SUCCEEDED, null, "ex-1");

        TaskRecords.Finished finished = records.finished(
                task, new CallOutcome(StepStatus.SUCCEEDED, "x".repeat(5_000), null, List.of(attempt)), T0, null);

        StepResult result = WIRE.readStepResult(finished.record().value());
        assertThat(finished.status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.output()).isNull();
        assertThat(result.attempts()).containsExactly(attempt);
        assertThat(result.error())
                .startsWith("tool 'big' returned a result of 5")
                .contains("more than this executor's limit of 1024 bytes (executor.result.max.bytes)");
    }

    @Test
    void shouldKeepTheOriginalRecordInADeadLetterAndSayWhereItCameFrom() {
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>(
                "px.steps.fast",
                3,
                42L,
                "key".getBytes(StandardCharsets.UTF_8),
                "{oops".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<byte[], byte[]> dead = records.deadLetter(source, "unreadable step task: not JSON", "$.args");

        assertThat(dead.topic()).isEqualTo("px.dead-letters");
        assertThat(dead.key()).isEqualTo(source.key());
        assertThat(dead.value()).isEqualTo(source.value());
        assertThat(List.of(
                        DeadLetterHeaders.ERROR,
                        DeadLetterHeaders.ERROR_PATH,
                        DeadLetterHeaders.SOURCE_TOPIC,
                        DeadLetterHeaders.SOURCE_PARTITION,
                        DeadLetterHeaders.SOURCE_OFFSET))
                .allSatisfy(name -> assertThat(dead.headers().lastHeader(name)).isNotNull());
        assertThat(new String(
                        dead.headers().lastHeader("planexec.source.offset").value(), StandardCharsets.UTF_8))
                .isEqualTo("42");
        assertThat(new String(dead.headers().lastHeader("planexec.error.path").value(), StandardCharsets.UTF_8))
                .isEqualTo("$.args");
    }
}
