package io.planexec.planner.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.Dialect;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStats;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import io.planexec.wire.StrictJson;
import io.planexec.wire.ToolMessages;
import io.planexec.wire.WireFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultSizeGuardTest {

    private final WireFormat wire = new WireFormat();

    private static PlanResult result(Dialect dialect, int steps, int outputChars) {
        Map<String, StepOutcome> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < steps; i++) {
            String output = "x".repeat(outputChars);
            outcomes.put("c" + i, new StepOutcome(StepStatus.SUCCEEDED, 1, null, null, null, "e", output, null));
        }
        return new PlanResult(
                "p",
                PlanStatus.SUCCEEDED,
                dialect,
                new ToolMessages(new StrictJson()).of(dialect, outcomes),
                outcomes,
                new PlanStats(1, 1, 1),
                List.of());
    }

    @Test
    void shouldSendASmallResultUnchanged() {
        PlanResult small = result(Dialect.OPENAI, 2, 10);
        assertThat(wire.readPlanResult(ResultSizeGuard.fit(small, 10_000, wire)))
                .isEqualTo(small);
    }

    @Test
    void shouldFirstDropStepOutputsThatTheMessagesAlreadyCarry() {
        // Given a tool-call result just over the limit because outputs appear twice
        PlanResult r = result(Dialect.OPENAI, 4, 1_000);
        int limit = wire.writePlanResult(r).length - 1_000;

        // When it is fitted
        PlanResult fitted = wire.readPlanResult(ResultSizeGuard.fit(r, limit, wire));

        // Then the messages are intact and the step outputs are gone
        assertThat(fitted.messages()).isEqualTo(r.messages());
        assertThat(fitted.steps().values())
                .allSatisfy(s -> assertThat(s.output()).isNull());
    }

    @Test
    void shouldTruncateLongTextsSayingSo() {
        // Given explicit steps whose outputs are far over the limit
        PlanResult r = result(Dialect.STEPS, 10, 10_000);

        // When fitted into 20,000 bytes
        byte[] bytes = ResultSizeGuard.fit(r, 20_000, wire);

        // Then it fits, and each output says it was truncated
        assertThat(bytes.length).isLessThanOrEqualTo(20_000);
        PlanResult fitted = wire.readPlanResult(bytes);
        assertThat((String) fitted.steps().get("c0").output())
                .endsWith("[truncated from 10002 characters: the plan result is limited to 20000 bytes]");
    }

    @Test
    void shouldLeaveOutStepsAndMessagesWhenNothingElseFits() {
        // Given a result with so many steps that even truncated texts do not fit
        PlanResult r = result(Dialect.OPENAI, 2_000, 100);

        // When fitted into 2,000 bytes
        PlanResult fitted = wire.readPlanResult(ResultSizeGuard.fit(r, 2_000, wire));

        // Then the status and stats remain, with an error saying what was left out
        assertThat(fitted.status()).isEqualTo(PlanStatus.SUCCEEDED);
        assertThat(fitted.steps()).isEmpty();
        assertThat(fitted.errors().get(0).message()).contains("too large to send even without its outputs");
    }
}
