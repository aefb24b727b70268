package io.planexec.planner.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    @Test
    void shouldRoundTripStepStates() {
        // Given a step that ran, and one that never did
        StepState ran = StepState.pending(2)
                .predecessorEnded()
                .predecessorEnded()
                .released(1, 100)
                .running(110, "executor-é", 5_000)
                .finished(StepStatus.SUCCEEDED, 110, 150, 2, "executor-é", null, "{\"a\":[1,2]}");
        StepState skipped = StepState.pending(1).skipped("needs 'x', which did not succeed: x failed", "x failed", 90);

        // Then both read back as written
        assertThat(StateCodec.readStep(StateCodec.writeStep(ran))).isEqualTo(ran);
        assertThat(StateCodec.readStep(StateCodec.writeStep(skipped))).isEqualTo(skipped);
        assertThat(StateCodec.readStep(StateCodec.writeStep(skipped)).cause()).isEqualTo("x failed");
        assertThat(StateCodec.writeStep(ran).length).isLessThan(120);
    }

    @Test
    void shouldRoundTripPlanRecords() {
        // Given a running plan and a finished one
        PlanRecord.Active active =
                new PlanRecord.Active(1_000, 301_000, 3, 2, 1, "user asked", List.of("agent-7.results", "é.results"));
        byte[] result = "{\"plan_id\":\"p\"}".repeat(100).getBytes(StandardCharsets.UTF_8);
        PlanRecord.Finished finished =
                new PlanRecord.Finished(PlanStatus.REJECTED, 2_000, 3_602_000, "planexec.plan-results", result, "ab12");

        // Then both read back (the result is stored deflated)
        assertThat(StateCodec.readPlan(StateCodec.writePlan(active))).isEqualTo(active);
        PlanRecord.Finished read = (PlanRecord.Finished) StateCodec.readPlan(StateCodec.writePlan(finished));
        assertThat(read.result()).isEqualTo(result);
        assertThat(read.requestDigest()).isEqualTo("ab12");
        assertThat(StateCodec.writePlan(finished).length).isLessThan(result.length / 4);
    }

    @Test
    void shouldReadAFinishedPlanWhoseResultIsStoredInPartsAndSayWhenAPartIsMissing() {
        // Given a finished plan whose deflated result is kept in two entries of its own
        byte[] result = "{\"plan_id\":\"p\"}".repeat(1_000).getBytes(StandardCharsets.UTF_8);
        PlanRecord.Finished finished =
                new PlanRecord.Finished(PlanStatus.SUCCEEDED, 2_000, 3_602_000, "planexec.plan-results", result, null);
        byte[] deflated = StateCodec.deflateResult(finished);
        byte[] first = java.util.Arrays.copyOfRange(deflated, 0, deflated.length / 2);
        byte[] second = java.util.Arrays.copyOfRange(deflated, deflated.length / 2, deflated.length);
        byte[] record = StateCodec.writeFinishedInParts(finished, 2);

        // Then the record says how many parts, and reads back whole from them
        assertThat(StateCodec.resultParts(record)).isEqualTo(2);
        assertThat(StateCodec.resultParts(StateCodec.writePlan(finished))).isZero();
        PlanRecord.Finished read = (PlanRecord.Finished) StateCodec.readPlan(record, n -> n == 0 ? first : second);
        assertThat(read.result()).isEqualTo(result);
        assertThat(read.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertThatThrownBy(() -> StateCodec.readPlan(record, n -> n == 0 ? first : null))
                .hasMessage("unreadable plan record in the state store: part 1 of 2 of the stored result is missing");
    }

    @Test
    void shouldReadTheRunningPlansOfTheFormatBeforeReplyTopics() throws IOException {
        // Given a running plan as a planner of the first format stored it (no further reply topics)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeByte('A');
            out.writeLong(1_000);
            out.writeLong(301_000);
            out.writeInt(3);
            out.writeInt(2);
            out.writeInt(1);
            out.writeInt(-1);
        }

        // Then this planner reads it, with no further reply topics
        assertThat(StateCodec.readPlan(bytes.toByteArray()))
                .isEqualTo(new PlanRecord.Active(1_000, 301_000, 3, 2, 1, null, List.of()));
    }

    @Test
    void shouldReadTheStepStatesOfTheFormatBeforeRootCauses() throws IOException {
        // Given a skipped step as a planner of the first format stored it (no root cause)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeInt(7);
            out.write("SKIPPED".getBytes(StandardCharsets.UTF_8));
            out.writeInt(0);
            out.writeInt(0);
            out.writeLong(90);
            out.writeLong(-1);
            out.writeLong(90);
            out.writeInt(0);
            out.writeInt(-1);
            out.writeInt(6);
            out.write("needed".getBytes(StandardCharsets.UTF_8));
            out.writeInt(-1);
            out.writeLong(-1);
        }

        // Then this planner reads it, without a root cause
        assertThat(StateCodec.readStep(bytes.toByteArray()))
                .isEqualTo(new StepState(StepStatus.SKIPPED, 0, 0, 90, -1, 90, 0, null, "needed", null, -1, null));
    }

    @Test
    void shouldRefuseAnotherFormatNamingIt() {
        byte[] bytes = StateCodec.writeStep(StepState.pending(0));
        bytes[0] = 9;
        assertThatThrownBy(() -> StateCodec.readStep(bytes))
                .hasMessage("unreadable step state in the state store: step state format 9 is not supported (this"
                        + " planner reads 1 and 2)");
    }

    @Test
    void shouldRefuseIllegalStepTransitions() {
        assertThatThrownBy(() -> StepState.pending(0).running(1, "e", -1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a step cannot go from PENDING to RUNNING");
        StepState done = StepState.pending(0).endedWithoutRunning(StepStatus.CANCELLED, "x", 1);
        assertThatThrownBy(() -> done.released(1, 2)).hasMessage("a step cannot go from CANCELLED to RELEASED");
    }
}
