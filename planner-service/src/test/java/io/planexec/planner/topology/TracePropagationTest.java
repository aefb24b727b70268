package io.planexec.planner.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.StepTask;
import io.planexec.model.TraceContext;
import io.planexec.topics.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The W3C trace context of a request rides on every record of its plan, from the request to the result. */
class TracePropagationTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String REQUEST = """
            {"schema_version": 1, "plan_id": "%s", "steps": [
              {"id": "a", "tool": "get_weather", "args": {"city": "SF"}},
              {"id": "b", "tool": "get_news", "args": {"topic": "t"}, "depends_on": ["a"]}]}
            """;

    private final PlannerDriver planner = new PlannerDriver().register(TestTools.ALL);

    @AfterEach
    void close() {
        planner.close();
    }

    @Test
    void shouldCarryTheRequestsTraceContextOnEveryRecordOfItsPlan() {
        // Given a request whose record carries a trace context
        Headers headers = new RecordHeaders();
        TraceHeaders.write(headers, new TraceContext(TRACEPARENT, "vendor=abc"));
        planner.send("p-traced", bytes(REQUEST.formatted("p-traced")), headers);

        // When its steps run (the executor's records carry no trace context: the plan's is used all the same)
        List<TestRecord<String, byte[]>> records = new ArrayList<>(planner.allTaskRecords());
        StepTask a = planner.wire.readStepTask(records.get(0).value());
        planner.started(a);
        planner.succeed(a, "sunny");
        List<TestRecord<String, byte[]>> second = planner.allTaskRecords();
        StepTask b = planner.wire.readStepTask(second.get(0).value());
        records.addAll(second);
        planner.succeed(b, "news");
        records.addAll(planner.eventRecords());
        records.addAll(planner.resultRecords());

        // Then every task, event and result record carries it unchanged
        assertThat(records).hasSizeGreaterThanOrEqualTo(2 + 5 + 1);
        assertThat(records)
                .allSatisfy(r -> assertThat(TraceHeaders.read(r.headers()))
                        .contains(new TraceContext(TRACEPARENT, "vendor=abc")));
    }

    @Test
    void shouldStartATraceForARequestWithoutOneAndKeepItForThePlan() {
        planner.send("p-untraced", bytes(REQUEST.formatted("p-untraced")), new RecordHeaders());
        List<TestRecord<String, byte[]>> records = new ArrayList<>(planner.allTaskRecords());
        StepTask a = planner.wire.readStepTask(records.get(0).value());
        planner.succeed(a, "sunny");
        records.addAll(planner.allTaskRecords());
        records.addAll(planner.eventRecords());

        List<String> traceIds = records.stream()
                .map(r -> TraceHeaders.read(r.headers()).orElseThrow().traceId())
                .distinct()
                .toList();
        assertThat(traceIds).hasSize(1);
        assertThat(traceIds.get(0)).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    }

    @Test
    void shouldReplaceAnInvalidTraceparentWithANewTrace() {
        Headers headers = new RecordHeaders();
        headers.add(TraceContext.TRACEPARENT, bytes("00-NOT-A-TRACE-01"));
        planner.send("p-bad-trace", bytes(REQUEST.formatted("p-bad-trace")), headers);

        TestRecord<String, byte[]> task = planner.allTaskRecords().get(0);
        assertThat(TraceHeaders.read(task.headers()))
                .hasValueSatisfying(t -> assertThat(t.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
    }

    @Test
    void shouldAnswerARejectedRequestInItsTrace() {
        Headers headers = new RecordHeaders();
        TraceHeaders.write(headers, new TraceContext(TRACEPARENT, null));
        planner.send("p-rejected", bytes("""
                {"schema_version": 1, "plan_id": "p-rejected", "steps": [
                  {"id": "a", "tool": "get_weather", "args": {}, "depends_on": ["b"]},
                  {"id": "b", "tool": "get_weather", "args": {}, "depends_on": ["a"]}]}
                """), headers);

        assertThat(planner.resultRecords())
                .singleElement()
                .satisfies(r -> assertThat(
                                TraceHeaders.read(r.headers()).orElseThrow().traceparent())
                        .isEqualTo(TRACEPARENT));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
