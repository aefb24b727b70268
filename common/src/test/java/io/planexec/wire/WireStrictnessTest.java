package io.planexec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.model.AgentRequest;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.StepResult;
import io.planexec.model.StepTask;
import io.planexec.model.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The wire format rejects what is not planexec JSON, saying what and where; it is lenient only where documented. */
class WireStrictnessTest {

    private static final String REQUEST_HEAD = "{\"schema_version\": 1, \"plan_id\": \"p-1\", ";
    private static final String ONE_STEP = "\"steps\": [{\"id\": \"a\", \"tool\": \"t\"}]";

    private final WireFormat wire = new WireFormat();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRequestRejected(
            String json, String path, String message) {
        return assertThatThrownBy(() -> wire.readRequest(utf8(json)))
                .isInstanceOf(WireFormatException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((WireFormatException) e).path()).isEqualTo(path));
    }

    @Nested
    class Syntax {

        @Test
        void shouldRejectDuplicateKeysNamingWhere() {
            assertRequestRejected(
                    REQUEST_HEAD + "\"steps\": [{\"id\": \"a\", \"tool\": \"t\", \"id\": \"b\"}]}",
                    "$.steps[0].id",
                    "$.steps[0].id: Duplicate field 'id' (line 1, column 80)");
        }

        @Test
        void shouldRejectTrailingGarbage() {
            assertRequestRejected(
                    REQUEST_HEAD + ONE_STEP + "} {}",
                    "",
                    "unexpected content after the end of the document (line 1, column 78)");
            assertRequestRejected(
                    REQUEST_HEAD + ONE_STEP + "}}",
                    "",
                    "unexpected content after the end of the document (line 1, column 77)");
        }

        @Test
        void shouldRejectCommentsSingleQuotesAndOtherNonStandardSyntax() {
            assertThatThrownBy(() -> wire.readRequest(utf8(REQUEST_HEAD + "// comment\n" + ONE_STEP + "}")))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessageContaining("maybe a (non-standard) comment?");
            assertThatThrownBy(() -> wire.readRequest(utf8("{'schema_version': 1}")))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessageStartingWith("Unexpected character (''' (code 39))")
                    .hasMessageEndingWith("(line 1, column 2)");
            assertThatThrownBy(() -> wire.readRequest(utf8(REQUEST_HEAD + "\"options\": {\"deadline_ms\": NaN}}")))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessageStartingWith("$.options.deadline_ms: Non-standard token 'NaN'");
        }

        @Test
        void shouldRejectEmptyAndNullDocuments() {
            assertThatThrownBy(() -> wire.readRequest(new byte[0])).hasMessage("empty document");
            assertThatThrownBy(() -> wire.readRequest(utf8("  \n"))).hasMessage("empty document");
            assertThatThrownBy(() -> wire.readRequest(null)).hasMessage("no document (null)");
            assertThatThrownBy(() -> wire.readRequest(utf8("null")))
                    .hasMessage("$: a request must be a JSON object, got null");
            assertThatThrownBy(() -> wire.readStepTask(utf8("[1]")))
                    .hasMessage("$: a step task must be a JSON object, got an array");
        }
    }

    @Nested
    class Limits {

        @Test
        void shouldRejectADocumentOverOneMebibyteByDefault() {
            String padding = "x".repeat(WireLimits.DEFAULT_MAX_DOCUMENT_BYTES);
            byte[] big = utf8(REQUEST_HEAD + "\"reply_to\": \"" + padding + "\", " + ONE_STEP + "}");

            assertThatThrownBy(() -> wire.readRequest(big))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessage("document is " + big.length + " bytes, over the limit of 1048576 bytes");
        }

        @Test
        void shouldRejectNestingDeeperThanTheLimit() {
            String deep = "[".repeat(64) + "]".repeat(64);
            String tooDeep = "[".repeat(65) + "]".repeat(65);

            assertThat(wire.json().parse(deep).isArray()).isTrue();
            assertThatThrownBy(() -> wire.readStepTask(utf8("{\"args\": {\"a\": " + tooDeep + "}}")))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessageStartingWith("$.args.a[0][0][0][0][0][0][0][0][0][0][0][0][0][0]...: ")
                    .hasMessageEndingWith("nesting is deeper than the limit of 64 levels (line 1, column 79)");
        }

        @Test
        void shouldRejectNumbersWithTooManyDigits() {
            String number = "1".repeat(101);

            assertRequestRejected(
                    REQUEST_HEAD + "\"options\": {\"deadline_ms\": " + number + "}, " + ONE_STEP + "}",
                    "$.options.deadline_ms",
                    "$.options.deadline_ms: a number is longer than the limit of 100 characters (line 1, column 169)");
        }

        @Test
        void shouldRejectStringsAndNamesOverTheirLimits() {
            WireFormat small = new WireFormat(new WireLimits(4_096, 16, 100, 20, 64));

            assertThatThrownBy(
                            () -> small.readRequest(utf8(REQUEST_HEAD + "\"reply_to\": \"" + "t".repeat(101) + "\"}")))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessageStartingWith("$.reply_to: a string is longer than the limit of 100 characters");
            assertThatThrownBy(() -> small.readRequest(utf8(REQUEST_HEAD + "\"" + "k".repeat(200) + "\": 1}")))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessageStartingWith("a field name is longer than the limit of 64 characters (line 1, column ");
        }

        @Test
        void shouldRejectLimitsTooSmallToBeUseful() {
            assertThatThrownBy(() -> new WireLimits(100, 64, 100, 100, 100))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("wire limits too small: 100 bytes, depth 64, string 100, number 100, name 100");
        }

        @Test
        void shouldApplyTheDocumentLimitToTheStringLimitToo() {
            WireLimits limits = WireLimits.withMaxDocumentBytes(2_048);

            assertThat(limits.maxStringLength()).isEqualTo(2_048);
            assertThat(limits.maxNestingDepth()).isEqualTo(64);
        }
    }

    @Nested
    class SchemaVersion {

        @Test
        void shouldRequireASchemaVersion() {
            assertRequestRejected(
                    "{\"plan_id\": \"p-1\", " + ONE_STEP + "}",
                    "$.schema_version",
                    "$.schema_version: required field is missing (expected 1)");
        }

        @Test
        void shouldRejectANewerOrInvalidSchemaVersion() {
            assertRequestRejected(
                    "{\"schema_version\": 2, \"plan_id\": \"p-1\", " + ONE_STEP + "}",
                    "$.schema_version",
                    "$.schema_version: version 2 is not supported (this planexec reads versions 1 to 1)");
            assertRequestRejected(
                    "{\"schema_version\": 0, \"plan_id\": \"p-1\", " + ONE_STEP + "}",
                    "$.schema_version",
                    "$.schema_version: version 0 is not supported (this planexec reads versions 1 to 1)");
            assertRequestRejected(
                    "{\"schema_version\": \"1\", \"plan_id\": \"p-1\", " + ONE_STEP + "}",
                    "$.schema_version",
                    "$.schema_version: expected an integer, got a string");
            assertRequestRejected(
                    "{\"schema_version\": 1.5, \"plan_id\": \"p-1\", " + ONE_STEP + "}",
                    "$.schema_version",
                    "$.schema_version: expected an integer, got a number");
        }

        @Test
        void shouldCheckTheVersionOfEveryMessageType() {
            String v2 = "{\"schema_version\": 2}";
            String expected = ".schema_version: version 2 is not supported (this planexec reads versions 1 to 1)";

            for (Function<byte[], ?> reader : java.util.List.<Function<byte[], ?>>of(
                    wire::readToolSpec,
                    wire::readStepTask,
                    wire::readStepResult,
                    wire::readPlanResult,
                    b -> wire.readToolSpecs(utf8("[" + v2 + "]")))) {
                assertThatThrownBy(() -> reader.apply(utf8(v2)))
                        .isInstanceOf(WireFormatException.class)
                        .hasMessageEndingWith(expected);
            }
            assertThatThrownBy(() -> wire.readPlanEvent(utf8("{\"schema_version\": 3}")))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessage("$.schema_version: version 3 is not supported (this planexec reads versions 1 to 2)");
        }

        @Test
        void shouldWriteAndReadTheEventTypeOfPlanEventVersionTwoOnlyAsVersionTwo() {
            PlanEvent undelivered = new PlanEvent(
                    "p-1",
                    PlanEventType.REPLY_UNDELIVERED,
                    null,
                    null,
                    null,
                    null,
                    Instant.parse("2026-01-01T00:00:00Z"),
                    "x");
            PlanEvent finished = new PlanEvent(
                    "p-1",
                    PlanEventType.PLAN_FINISHED,
                    null,
                    "SUCCEEDED",
                    null,
                    null,
                    Instant.parse("2026-01-01T00:00:00Z"),
                    null);

            assertThat(new String(wire.writePlanEvent(undelivered), StandardCharsets.UTF_8))
                    .startsWith("{\"schema_version\":2,");
            assertThat(new String(wire.writePlanEvent(finished), StandardCharsets.UTF_8))
                    .startsWith("{\"schema_version\":1,");
            assertThat(wire.readPlanEvent(wire.writePlanEvent(undelivered))).isEqualTo(undelivered);
            assertThat(wire.readPlanEvent(
                                    utf8("{\"schema_version\": 2, \"plan_id\": \"p\", \"type\": \"PLAN_FINISHED\","
                                            + " \"at\": \"2026-01-01T00:00:00Z\"}"))
                            .type())
                    .isEqualTo(PlanEventType.PLAN_FINISHED);
        }

        @Test
        void shouldLetToolSpecsInAToolsFileOmitTheVersion() {
            assertThat(wire.readToolSpecs(utf8("[{\"name\": \"t\"}]")))
                    .containsExactly(ToolSpec.builder("t").build());
            assertThatThrownBy(() -> wire.readToolSpec(utf8("{\"name\": \"t\"}")))
                    .hasMessage("$.schema_version: required field is missing (expected 1)");
        }
    }

    @Nested
    class UnknownFields {

        @Test
        void shouldRejectAnUnknownFieldInTheRequestEnvelopeNamingTheExpectedOnes() {
            assertRequestRejected(
                    REQUEST_HEAD + "\"reply_too\": \"x\", " + ONE_STEP + "}",
                    "$.reply_too",
                    "$.reply_too: unknown field (expected one of content, options, plan_id, reply_to,"
                            + " schema_version, steps, tool_calls, type)");
        }

        @Test
        void shouldRejectAnUnknownFieldInAnExplicitStep() {
            assertRequestRejected(
                    REQUEST_HEAD + "\"steps\": [{\"id\": \"a\", \"tool\": \"t\", \"depend_on\": [\"b\"]}]}",
                    "$.steps[0].depend_on",
                    "$.steps[0].depend_on: unknown field (expected one of args, consumes, depends_on, id, produces,"
                            + " tool)");
        }

        @Test
        void shouldRejectAnUnknownOptionAndAnUnknownFieldOfACancelRequest() {
            assertRequestRejected(
                    REQUEST_HEAD + "\"options\": {\"retries\": 1}, " + ONE_STEP + "}",
                    "$.options.retries",
                    "$.options.retries: unknown field (expected one of deadline_ms, max_retries)");
            assertRequestRejected(
                    "{\"schema_version\": 1, \"type\": \"cancel\", \"plan_id\": \"p-1\", \"why\": \"x\"}",
                    "$.why",
                    "$.why: unknown field (expected one of plan_id, reason, schema_version, type)");
        }

        @Test
        void shouldIgnoreUnknownFieldsInToolCallsAndContentBlocksCopiedFromLlmApis() {
            String openAi = REQUEST_HEAD + "\"tool_calls\": [{\"id\": \"c1\", \"type\": \"function\", \"index\": 0,"
                    + " \"function\": {\"name\": \"t\", \"arguments\": \"{}\", \"strict\": true}}]}";
            String anthropic = REQUEST_HEAD + "\"content\": [{\"type\": \"tool_use\", \"id\": \"u1\", \"name\": \"t\","
                    + " \"input\": {}, \"cache_control\": {\"type\": \"ephemeral\"}}]}";

            assertThat(((AgentRequest) wire.readRequest(utf8(openAi))).steps()).hasSize(1);
            assertThat(((AgentRequest) wire.readRequest(utf8(anthropic))).steps())
                    .hasSize(1);
        }

        @Test
        void shouldIgnoreUnknownFieldsInMessagesPlanexecWritesItself() {
            // Given: each message as written today, plus a field a newer version might add
            ToolSpec spec = SampleMessages.toolSpecs().get(0);
            StepTask task = SampleMessages.stepTasks().get(0);
            StepResult result = SampleMessages.stepResults().get(1);
            PlanResult planResult = SampleMessages.planResults().get(0);
            PlanEvent event = SampleMessages.planEvents().get(0);

            // Then
            assertThat(wire.readToolSpec(withExtraField(wire.writeToolSpec(spec))))
                    .isEqualTo(spec);
            assertThat(wire.readStepTask(withExtraField(wire.writeStepTask(task))))
                    .isEqualTo(task);
            assertThat(wire.readStepResult(withExtraField(wire.writeStepResult(result))))
                    .isEqualTo(result);
            assertThat(wire.readPlanResult(withExtraField(wire.writePlanResult(planResult))))
                    .isEqualTo(planResult);
            assertThat(wire.readPlanEvent(withExtraField(wire.writePlanEvent(event))))
                    .isEqualTo(event);
        }

        private byte[] withExtraField(byte[] json) {
            String s = new String(json, StandardCharsets.UTF_8);
            return utf8("{\"added_in_a_later_release\": {\"x\": [1]}, " + s.substring(1));
        }
    }

    @Nested
    class FieldErrors {

        @Test
        void shouldNameAFieldOfTheWrongType() {
            assertRequestRejected(
                    REQUEST_HEAD + "\"steps\": [{\"id\": 7, \"tool\": \"t\"}]}",
                    "$.steps[0].id",
                    "$.steps[0].id: expected a string, got a number");
            assertRequestRejected(
                    REQUEST_HEAD + "\"steps\": [{\"id\": \"a\", \"tool\": \"t\", \"depends_on\": [\"x\", 1]}]}",
                    "$.steps[0].depends_on[1]",
                    "$.steps[0].depends_on[1]: expected a string, got a number");
            assertRequestRejected(
                    REQUEST_HEAD + "\"steps\": [{\"id\": \"a\", \"tool\": \"t\", \"args\": [1]}]}",
                    "$.steps[0].args",
                    "$.steps[0].args: expected an object, got an array");
        }

        @Test
        void shouldNameAMissingRequiredField() {
            assertRequestRejected(
                    REQUEST_HEAD + "\"steps\": [{\"id\": \"a\"}]}",
                    "$.steps[0].tool",
                    "$.steps[0].tool: required field is missing (expected a string)");
        }

        @Test
        void shouldReportModelValidationAtTheObjectsPath() {
            assertRequestRejected(
                    "{\"schema_version\": 1, \"plan_id\": \"p 1\", " + ONE_STEP + "}",
                    "$",
                    "$: plan_id must match [A-Za-z0-9_.:-]{1,200}, got 'p 1'");
            assertRequestRejected(
                    REQUEST_HEAD + "\"options\": {\"max_retries\": 101}, " + ONE_STEP + "}",
                    "$.options",
                    "$.options: options.max_retries must be between 0 and 100, got 101");
        }

        @Test
        void shouldNameAnUnknownEnumValueAndABadInstant() {
            String task =
                    new String(wire.writeStepTask(SampleMessages.stepTasks().get(0)), StandardCharsets.UTF_8);

            assertThatThrownBy(() -> wire.readStepTask(utf8(task.replace("\"SLOW\"", "\"QUICK\""))))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessage("$.latency_class: 'QUICK' is not one of FAST, MEDIUM, SLOW, VERY_SLOW");
            assertThatThrownBy(() -> wire.readStepTask(utf8(task.replace("2026-01-31T12:00:00Z", "yesterday"))))
                    .isInstanceOf(WireFormatException.class)
                    .hasMessage(
                            "$.released_at: expected an ISO-8601 instant like 2026-01-31T12:00:00Z, got 'yesterday'");
        }

        @Test
        void shouldRecoverThePlanIdOfAnOtherwiseInvalidRequest() {
            assertThat(wire.recoverPlanId(utf8("{\"plan_id\": \"p-9\", \"steps\": 5}")))
                    .isEqualTo("p-9");
            assertThat(wire.recoverPlanId(utf8("{\"plan_id\": 9}"))).isNull();
            assertThat(wire.recoverPlanId(utf8("{nope"))).isNull();
            assertThat(wire.recoverPlanId(utf8("{\"plan_id\": \"no spaces allowed\"}")))
                    .as("not a valid plan id")
                    .isNull();
        }

        @Test
        void shouldRecoverAValidReplyTopicOfAnOtherwiseInvalidRequest() {
            assertThat(wire.recoverReplyTo(utf8("{\"reply_to\": \"agent-7.results\", \"steps\": 5}")))
                    .isEqualTo("agent-7.results");
            assertThat(wire.recoverReplyTo(utf8("{\"reply_to\": \"bad topic!\"}")))
                    .isNull();
            assertThat(wire.recoverReplyTo(utf8("{\"reply_to\": 7}"))).isNull();
            assertThat(wire.recoverReplyTo(utf8("[1]"))).isNull();
        }
    }
}
