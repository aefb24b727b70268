package io.planexec.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanResult;
import io.planexec.model.RequestMessage;
import io.planexec.model.StepResult;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message type survives write → read unchanged, and parse → write → parse gives an equal value. */
class WireFormatRoundTripTest {

    private final WireFormat wire = new WireFormat();

    static Stream<AgentRequest> requests() {
        return SampleMessages.requests().stream();
    }

    @ParameterizedTest
    @MethodSource("requests")
    void shouldRoundTripAgentRequestsInEachDialect(AgentRequest request) {
        // When
        RequestMessage read = wire.readRequest(wire.writeRequest(request));

        // Then
        assertThat(read).isEqualTo(request);
        assertThat(((AgentRequest) read).dialect()).isEqualTo(request.dialect());
    }

    @Test
    void shouldRoundTripAToolCallWithUnparseableArgumentsKeepingItsText() {
        // Given: parsed once, so the step carries the parser's own error message
        RequestMessage first = wire.readRequest(wire.writeRequest(SampleMessages.requestWithBadArguments()));

        // When
        byte[] written = wire.writeRequest(first);
        RequestMessage second = wire.readRequest(written);

        // Then
        assertThat(second).isEqualTo(first);
        assertThat(new String(written, StandardCharsets.UTF_8))
                .contains("\"arguments\":\"{\\\"topic\\\": \\\"tech\\\"} x\"");
        assertThat(((AgentRequest) second).steps().get(0).argumentsError())
                .isEqualTo("tool call 'call_1' (get_news): arguments are not valid JSON:"
                        + " unexpected content after the end of the document (line 1, column 19)");
    }

    static Stream<CancelRequest> cancels() {
        return SampleMessages.cancels().stream();
    }

    @ParameterizedTest
    @MethodSource("cancels")
    void shouldRoundTripCancelRequests(CancelRequest cancel) {
        assertThat(wire.readRequest(wire.writeRequest(cancel))).isEqualTo(cancel);
    }

    static Stream<ToolSpec> toolSpecs() {
        return SampleMessages.toolSpecs().stream();
    }

    @ParameterizedTest
    @MethodSource("toolSpecs")
    void shouldRoundTripToolSpecs(ToolSpec spec) {
        assertThat(wire.readToolSpec(wire.writeToolSpec(spec))).isEqualTo(spec);
    }

    @Test
    void shouldRoundTripAToolsFile() {
        List<ToolSpec> specs = SampleMessages.toolSpecs();

        assertThat(wire.readToolSpecs(wire.writeToolSpecs(specs))).isEqualTo(specs);
    }

    static Stream<ExecutorHeartbeat> heartbeats() {
        return SampleMessages.heartbeats().stream();
    }

    @ParameterizedTest
    @MethodSource("heartbeats")
    void shouldRoundTripExecutorHeartbeats(ExecutorHeartbeat beat) {
        assertThat(wire.readExecutorHeartbeat(wire.writeExecutorHeartbeat(beat)))
                .isEqualTo(beat);
    }

    static Stream<StepTask> stepTasks() {
        return SampleMessages.stepTasks().stream();
    }

    @ParameterizedTest
    @MethodSource("stepTasks")
    void shouldRoundTripStepTasks(StepTask task) {
        assertThat(wire.readStepTask(wire.writeStepTask(task))).isEqualTo(task);
    }

    static Stream<StepResult> stepResults() {
        return SampleMessages.stepResults().stream();
    }

    @ParameterizedTest
    @MethodSource("stepResults")
    void shouldRoundTripStepResultsAndStartedNotices(StepResult result) {
        assertThat(wire.readStepResult(wire.writeStepResult(result))).isEqualTo(result);
    }

    static Stream<PlanResult> planResults() {
        return SampleMessages.planResults().stream();
    }

    @ParameterizedTest
    @MethodSource("planResults")
    void shouldRoundTripPlanResults(PlanResult result) {
        assertThat(wire.readPlanResult(wire.writePlanResult(result))).isEqualTo(result);
    }

    static Stream<PlanEvent> planEvents() {
        return SampleMessages.planEvents().stream();
    }

    @ParameterizedTest
    @MethodSource("planEvents")
    void shouldRoundTripPlanEvents(PlanEvent event) {
        assertThat(wire.readPlanEvent(wire.writePlanEvent(event))).isEqualTo(event);
    }

    static Stream<Path> exampleRequests() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../examples"))) {
            return files
                    .filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals("tools.json"))
                    // mcp-*.json are configurations of MCP servers (--mcp-config), not requests
                    .filter(f -> !f.getFileName().toString().startsWith("mcp-"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleRequests")
    void shouldParseWriteAndParseEveryShippedExampleToAnEqualValue(Path file) throws IOException {
        // Given
        RequestMessage first = wire.readRequest(Files.readAllBytes(file));

        // When
        RequestMessage second = wire.readRequest(wire.writeRequest(first));

        // Then
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldParseWriteAndParseTheShippedToolsFileToAnEqualValue() throws IOException {
        List<ToolSpec> first = wire.readToolSpecs(Files.readAllBytes(Path.of("../examples/tools.json")));

        assertThat(wire.readToolSpecs(wire.writeToolSpecs(first))).isEqualTo(first);
        assertThat(first).hasSizeGreaterThan(10);
    }
}
