package io.planexec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.RequestMessage;
import io.planexec.topics.DeadLetterHeaders;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/protocol.md, its schemas and the code agree: every example is valid against its schema and read by the wire
 * format (and survives parse → write → parse); every example marked rejected fails both, with the documented error.
 */
class ProtocolDocTest {

    static final Path DOC = Path.of("../docs/protocol.md");

    /** {@code <!-- schema: NAME -->} or {@code <!-- rejected: NAME; error: TEXT -->} on the line before a json block. */
    private static final Pattern MARKER = Pattern.compile("<!-- (schema|rejected): ([a-z-]+)(?:; error: (.+?))? -->");

    /**
     * One example of the document.
     *
     * @param schema the schema it is marked with
     * @param valid whether it is a valid example (else rejected)
     * @param error for a rejected example: how the wire format's error message starts
     * @param line where it is in the document
     * @param json its text
     */
    record Example(String schema, boolean valid, String error, int line, String json) {
        @Override
        public String toString() {
            return schema + (valid ? "" : " (rejected)") + " at protocol.md:" + line;
        }
    }

    private static ProtocolSchemas schemas;
    private final WireFormat wire = new WireFormat();

    @BeforeAll
    static void loadSchemas() {
        schemas = new ProtocolSchemas();
    }

    static List<Example> examples() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).trim());
            if (!m.matches()) {
                continue;
            }
            if (i + 1 >= lines.size() || !lines.get(i + 1).equals("```json")) {
                throw new AssertionError("protocol.md:" + (i + 1) + ": a marker must be followed by a ```json block");
            }
            StringBuilder json = new StringBuilder();
            int j = i + 2;
            while (j < lines.size() && !lines.get(j).equals("```")) {
                json.append(lines.get(j)).append('\n');
                j++;
            }
            out.add(new Example(m.group(2), m.group(1).equals("schema"), m.group(3), i + 3, json.toString()));
            i = j;
        }
        return out;
    }

    static Stream<Example> validExamples() throws IOException {
        return examples().stream().filter(Example::valid);
    }

    static Stream<Example> rejectedExamples() throws IOException {
        return examples().stream().filter(e -> !e.valid());
    }

    static Stream<String> schemaNames() {
        return new ProtocolSchemas().names().stream();
    }

    @ParameterizedTest
    @MethodSource("validExamples")
    void shouldValidateEveryExampleAgainstItsSchema(Example example) {
        JsonNode node = wire.json().parse(example.json());

        assertThat(schemas.validate(example.schema(), node))
                .as(example.toString())
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("validExamples")
    void shouldReadEveryExampleAndReadItAgainAfterWritingIt(Example example) {
        byte[] bytes = example.json().getBytes(StandardCharsets.UTF_8);
        switch (example.schema()) {
            case "agent-request" -> {
                RequestMessage read = wire.readRequest(bytes);
                assertThat(read).isInstanceOf(AgentRequest.class);
                assertThat(wire.readRequest(wire.writeRequest(read))).isEqualTo(read);
            }
            case "cancel-request" -> {
                RequestMessage read = wire.readRequest(bytes);
                assertThat(read).isInstanceOf(CancelRequest.class);
                assertThat(wire.readRequest(wire.writeRequest(read))).isEqualTo(read);
            }
            case "tool-spec" -> {
                var read = wire.readToolSpec(bytes);
                assertThat(wire.readToolSpec(wire.writeToolSpec(read))).isEqualTo(read);
            }
            case "tools-file" -> {
                var read = wire.readToolSpecs(bytes);
                assertThat(wire.readToolSpecs(wire.writeToolSpecs(read))).isEqualTo(read);
            }
            case "step-task" -> {
                var read = wire.readStepTask(bytes);
                assertThat(wire.readStepTask(wire.writeStepTask(read))).isEqualTo(read);
            }
            case "step-result" -> {
                var read = wire.readStepResult(bytes);
                assertThat(wire.readStepResult(wire.writeStepResult(read))).isEqualTo(read);
            }
            case "timer-check" -> {
                var read = wire.readTimerCheck(bytes);
                assertThat(wire.readTimerCheck(wire.writeTimerCheck(read))).isEqualTo(read);
            }
            case "executor-heartbeat" -> {
                var read = wire.readExecutorHeartbeat(bytes);
                assertThat(wire.readExecutorHeartbeat(wire.writeExecutorHeartbeat(read)))
                        .isEqualTo(read);
            }
            case "plan-result" -> {
                PlanResult read = wire.readPlanResult(bytes);
                assertThat(wire.readPlanResult(wire.writePlanResult(read))).isEqualTo(read);
                assertMessagesFollowTheDialect(read);
            }
            case "plan-event" -> {
                var read = wire.readPlanEvent(bytes);
                assertThat(wire.readPlanEvent(wire.writePlanEvent(read))).isEqualTo(read);
            }
            case "explain-output" ->
                assertThat(wire.json().parse(bytes).isObject())
                        .isTrue(); // written by the CLI; its test compares the real output
            default -> throw new AssertionError(example + ": no reader for schema " + example.schema());
        }
    }

    /** The messages of a documented result are exactly what {@link ToolMessages} builds from its steps. */
    private void assertMessagesFollowTheDialect(PlanResult result) {
        ToolMessages messages = new ToolMessages(wire.json());
        if (result.status() != PlanStatus.REJECTED) {
            assertThat(result.messages()).isEqualTo(messages.of(result.dialect(), result.steps()));
            return;
        }
        List<String> calls = result.messages().stream()
                .map(m -> String.valueOf(m.get("tool_call_id")))
                .toList();
        assertThat(result.messages()).isEqualTo(messages.rejected(result.dialect(), calls, result.errors()));
    }

    @ParameterizedTest
    @MethodSource("rejectedExamples")
    void shouldRejectEveryRejectedExampleInTheSchemaAndTheCode(Example example) {
        JsonNode node = wire.json().parse(example.json());

        assertThat(schemas.validate(example.schema(), node))
                .as(example.toString())
                .isNotEmpty();
        byte[] bytes = example.json().getBytes(StandardCharsets.UTF_8);
        Runnable read = switch (example.schema()) {
            case "agent-request", "cancel-request" -> () -> wire.readRequest(bytes);
            case "plan-event" -> () -> wire.readPlanEvent(bytes);
            case "plan-result" -> () -> wire.readPlanResult(bytes);
            case "step-result" -> () -> wire.readStepResult(bytes);
            case "step-task" -> () -> wire.readStepTask(bytes);
            case "timer-check" -> () -> wire.readTimerCheck(bytes);
            case "tool-spec" -> () -> wire.readToolSpec(bytes);
            default -> throw new AssertionError("no reader for rejected examples of " + example.schema());
        };
        assertThatThrownBy(read::run)
                .as(example.toString())
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith(example.error());
    }

    @ParameterizedTest
    @MethodSource("schemaNames")
    void shouldHaveValidSchemasEachWithAnExample(String name) throws IOException {
        JsonNode schema = wire.json().parse(schemas.text(name));

        assertThat(schemas.validateSchema(schema)).as(name).isEmpty();
        assertThat(schema.get("$id").asText()).isEqualTo(ProtocolSchemas.ID_PREFIX + name + ".schema.json");
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        if (!name.equals("common")) {
            assertThat(examples())
                    .as("examples of " + name)
                    .anyMatch(e -> e.valid() && e.schema().equals(name));
        }
    }

    @Test
    void shouldLinkEverySchemaFromTheDocument() throws IOException {
        String doc = Files.readString(DOC);
        Set<String> missing = new TreeSet<>();
        for (String name : schemas.names()) {
            if (!doc.contains("(schemas/" + name + ".schema.json)")) {
                missing.add(name);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void shouldDocumentEveryDeadLetterHeader() throws IOException, IllegalAccessException {
        String doc = Files.readString(DOC);
        List<String> headers = new ArrayList<>();
        for (Field f : DeadLetterHeaders.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                headers.add((String) f.get(null));
            }
        }

        assertThat(headers).hasSize(5);
        assertThat(headers).allSatisfy(h -> assertThat(doc).contains("| `" + h + "` |"));
    }

    @Test
    void shouldDocumentTheDefaultLimits() throws IOException {
        String doc = Files.readString(DOC);
        WireLimits limits = WireLimits.DEFAULTS;

        assertThat(doc)
                .contains("| document size | 1 MiB (1,048,576 bytes")
                .contains("| nesting of objects and arrays | " + limits.maxNestingDepth() + " levels |")
                .contains("| number length | " + limits.maxNumberLength() + " characters |")
                .contains("| field name length | 1,000 characters |");
        assertThat(limits.maxDocumentBytes()).isEqualTo(1_048_576);
        assertThat(limits.maxNameLength()).isEqualTo(1_000);
        assertThat(limits.maxStringLength()).isEqualTo(limits.maxDocumentBytes());
    }

    @Test
    void shouldHoldTheSchemasToTheRulesTheyState() {
        // Given: documents each breaking one rule a schema states
        Map<String, String> broken = Map.of(
                "{\"schema_version\": 1, \"plan_id\": \"p\", \"status\": \"SUCCEEDED\", \"dialect\": \"ANTHROPIC\","
                        + " \"messages\": [{\"role\": \"tool\", \"tool_call_id\": \"c\", \"content\": \"x\"}]}",
                "plan-result",
                "{\"schema_version\": 1, \"plan_id\": \"p\", \"status\": \"SUCCEEDED\","
                        + " \"messages\": [{\"role\": \"tool\", \"tool_call_id\": \"c\", \"content\": \"x\"}]}",
                "plan-result",
                "{\"schema_version\": 1, \"plan_id\": \"p\", \"status\": \"REJECTED\", \"errors\": []}",
                "plan-result",
                "{\"schema_version\": 1, \"plan_id\": \"p\", \"step_id\": \"s\", \"release\": 1, \"kind\": \"STARTED\","
                        + " \"status\": \"SUCCEEDED\", \"executor\": \"e\", \"at\": \"2026-01-31T12:00:00Z\"}",
                "step-result",
                "{\"schema_version\": 1, \"plan_id\": \"p\", \"step_id\": \"s\", \"release\": 1, \"kind\": \"FINISHED\","
                        + " \"executor\": \"e\", \"at\": \"2026-01-31T12:00:00Z\"}",
                "step-result",
                "{\"schema_version\": 1, \"plan_id\": \"p\", \"tool_calls\": [], \"steps\": []}",
                "agent-request",
                "{\"schema_version\": 1, \"plan_id\": \"p\", \"content\": [{\"type\": \"text\", \"text\": \"hi\"}]}",
                "agent-request",
                "{\"schema_version\": 1, \"name\": \"t\", \"writes\": [\"file:{path\"]}",
                "tool-spec",
                "[{\"name\": \"a b\"}]",
                "tools-file");

        // Then: the schema rejects each, and so does the code
        broken.forEach((json, schema) -> {
            assertThat(schemas.validate(schema, wire.json().parse(json)))
                    .as(json)
                    .isNotEmpty();
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            boolean codeRejects = switch (schema) {
                case "step-result" -> rejects(() -> wire.readStepResult(bytes));
                case "agent-request" -> rejects(() -> wire.readRequest(bytes));
                case "tool-spec" -> rejects(() -> wire.readToolSpec(bytes));
                case "tools-file" -> rejects(() -> wire.readToolSpecs(bytes));
                default -> true; // the shape of messages is the planner's to get right; the reader is lenient
            };
            assertThat(codeRejects).as("the wire format rejects " + json).isTrue();
        });
    }

    private static boolean rejects(Runnable read) {
        try {
            read.run();
            return false;
        } catch (WireFormatException e) {
            return true;
        }
    }

    @Test
    void shouldWriteEveryMessageInTheShapeItsSchemaDescribes() {
        Map<String, List<byte[]>> written = Map.of(
                "agent-request",
                        SampleMessages.requests().stream()
                                .map(wire::writeRequest)
                                .toList(),
                "cancel-request",
                        SampleMessages.cancels().stream()
                                .map(wire::writeRequest)
                                .toList(),
                "tool-spec",
                        SampleMessages.toolSpecs().stream()
                                .map(wire::writeToolSpec)
                                .toList(),
                "tools-file", List.of(wire.writeToolSpecs(SampleMessages.toolSpecs())),
                "step-task",
                        SampleMessages.stepTasks().stream()
                                .map(wire::writeStepTask)
                                .toList(),
                "step-result",
                        SampleMessages.stepResults().stream()
                                .map(wire::writeStepResult)
                                .toList(),
                "plan-result",
                        SampleMessages.planResults().stream()
                                .map(wire::writePlanResult)
                                .toList(),
                "plan-event",
                        SampleMessages.planEvents().stream()
                                .map(wire::writePlanEvent)
                                .toList(),
                "executor-heartbeat",
                        SampleMessages.heartbeats().stream()
                                .map(wire::writeExecutorHeartbeat)
                                .toList());

        written.forEach((schema, documents) -> {
            for (byte[] document : documents) {
                assertThat(schemas.validate(schema, wire.json().parse(document)))
                        .as(schema + ": " + new String(document, StandardCharsets.UTF_8))
                        .isEmpty();
            }
        });
    }
}
