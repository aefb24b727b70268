package io.planexec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.StepTask;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Fields renamed without a new schema version (docs/protocol.md, "Renamed fields"): this release reads the old name
 * where the new one is absent, and writes both, so readers of the previous release go on during a rolling upgrade.
 */
class RenamedFieldsTest {

    private static final String TASK_BEFORE =
            "{\"schema_version\": 1, \"plan_id\": \"p-1\", \"step_id\": \"s1\"," + " \"tool\": \"t\",";

    private static final String TASK_AFTER = " \"routing_key\": \"p-1/s1\", \"latency_class\": \"FAST\","
            + " \"deadline\": \"2026-01-31T12:01:00Z\", \"timeout_ms\": 1000, \"max_retries\": 0,"
            + " \"idempotency_key\": \"p-1/s1/2\", \"released_at\": \"2026-01-31T12:00:00Z\"}";

    private final WireFormat wire = new WireFormat();

    @Test
    void shouldReadTheReleaseOfAStepTaskOfAnEarlierPlannerFromItsFormerName() {
        assertThat(wire.readStepTask(task("\"attempt\": 2,")).release()).isEqualTo(2);
        assertThat(wire.readStepTask(task("\"release\": 2,")).release()).isEqualTo(2);
        assertThat(wire.readStepTask(task("\"release\": 2, \"attempt\": 2,")).release())
                .isEqualTo(2);
    }

    @Test
    void shouldRefuseAStepTaskWhoseTwoNamesOfTheReleaseDisagreeOrThatHasNeither() {
        assertThatThrownBy(() -> wire.readStepTask(task("\"release\": 2, \"attempt\": 1,")))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("$.attempt: the release's former name must give the same number as release (2), got 1");
        assertThatThrownBy(() -> wire.readStepTask(task("")))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("$.release: required field is missing (expected an integer)");
    }

    @Test
    void shouldWriteTheReleaseOfAStepTaskUnderBothNames() {
        StepTask task = wire.readStepTask(task("\"release\": 3, \"attempt\": 3,"));
        JsonNode written = wire.json().parse(wire.writeStepTask(task));
        assertThat(written.get("release").intValue()).isEqualTo(3);
        assertThat(written.get("attempt").intValue())
                .as("read by executors of the previous release")
                .isEqualTo(3);
    }

    @Test
    void shouldReadTheFormerSingleFieldOfAPlanEventAsWhatItsTypeMeant() {
        PlanEvent released = wire.readPlanEvent(event("STEP_RELEASED", "\"attempt\": 2,"));
        assertThat(released.release()).isEqualTo(2);
        assertThat(released.attempts()).isNull();
        PlanEvent late = wire.readPlanEvent(event("LATE_RESULT_IGNORED", "\"attempt\": 1,"));
        assertThat(late.release()).isEqualTo(1);
        PlanEvent finished = wire.readPlanEvent(event("STEP_FINISHED", "\"attempt\": 3,"));
        assertThat(finished.attempts()).isEqualTo(3);
        assertThat(finished.release()).isNull();
        PlanEvent skipped = wire.readPlanEvent(event("STEP_SKIPPED", ""));
        assertThat(skipped.attempts()).isNull();
        assertThat(skipped.release()).isNull();
    }

    @Test
    void shouldPreferTheNewFieldsOfAPlanEventAndWriteTheFormerOneBesideThem() {
        PlanEvent finished = wire.readPlanEvent(event("STEP_FINISHED", "\"attempts\": 3, \"attempt\": 3,"));
        assertThat(finished.attempts()).isEqualTo(3);
        assertThat(finished.release()).isNull();

        PlanEvent started = new PlanEvent(
                "p-1",
                PlanEventType.STEP_STARTED,
                "s1",
                "RUNNING",
                2,
                null,
                Instant.parse("2026-01-31T12:00:00Z"),
                null);
        JsonNode written = wire.json().parse(wire.writePlanEvent(started));
        assertThat(written.get("release").intValue()).isEqualTo(2);
        assertThat(written.has("attempts")).isFalse();
        assertThat(written.get("attempt").intValue())
                .as("read by readers of the previous release")
                .isEqualTo(2);
        JsonNode end = wire.json().parse(wire.writePlanEvent(finished));
        assertThat(end.get("attempts").intValue()).isEqualTo(3);
        assertThat(end.get("attempt").intValue()).isEqualTo(3);
        assertThat(end.has("release")).isFalse();
    }

    private static byte[] task(String release) {
        return (TASK_BEFORE + " " + release + TASK_AFTER).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] event(String type, String numbers) {
        return ("{\"schema_version\": 1, \"plan_id\": \"p-1\", \"type\": \"" + type + "\", \"step_id\": \"s1\", "
                        + numbers + " \"at\": \"2026-01-31T12:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
