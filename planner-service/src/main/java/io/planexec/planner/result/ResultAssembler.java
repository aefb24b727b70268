package io.planexec.planner.result;

import io.planexec.model.Dialect;
import io.planexec.model.PlanError;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.PlanStep;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import io.planexec.planner.state.OutputJson;
import io.planexec.planner.state.PlanDefinition;
import io.planexec.planner.state.StepDefinition;
import io.planexec.planner.state.StepState;
import io.planexec.wire.ToolMessages;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the one PlanResult of a plan: from its final step states, or from the reasons it was rejected. The tool
 * messages are {@link ToolMessages}' (the form {@code docs/protocol.md} documents).
 */
public final class ResultAssembler {

    private ResultAssembler() {}

    /**
     * The result of a plan run that has ended.
     *
     * @param messages renders the tool messages (the wire format's)
     * @param states every step's final state, by index
     */
    public static PlanResult finished(
            ToolMessages messages,
            PlanDefinition definition,
            List<StepState> states,
            PlanStatus status,
            long finishedAtMs) {
        Map<String, StepOutcome> steps = new LinkedHashMap<>();
        for (StepDefinition sd : definition.steps()) {
            StepState s = states.get(sd.index());
            Object output = s.status() == StepStatus.SUCCEEDED ? OutputJson.read(s.outputJson()) : null;
            steps.put(
                    sd.id(),
                    new StepOutcome(
                            s.status(),
                            s.attempts(),
                            instant(s.readyAtMs()),
                            instant(s.startedAtMs()),
                            instant(s.finishedAtMs()),
                            s.executor(),
                            output,
                            s.error()));
        }
        return new PlanResult(
                definition.planId(),
                status,
                definition.dialect(),
                messages.of(definition.dialect(), steps),
                steps,
                RunStats.of(definition, states, finishedAtMs),
                List.of());
    }

    /**
     * The result of a rejected request: its errors, and for the tool-call dialects a message per call saying why
     * nothing ran.
     *
     * @param messages renders the tool messages (the wire format's)
     * @param dialect the request's dialect ({@code STEPS} when it could not be read)
     * @param steps its steps, if it could be read; empty otherwise
     */
    public static PlanResult rejected(
            ToolMessages messages, String planId, Dialect dialect, List<PlanStep> steps, List<PlanError> errors) {
        return new PlanResult(
                planId,
                PlanStatus.REJECTED,
                dialect,
                messages.rejected(dialect, steps.stream().map(PlanStep::id).toList(), errors),
                Map.of(),
                null,
                errors);
    }

    private static Instant instant(long epochMs) {
        return epochMs < 0 ? null : Instant.ofEpochMilli(epochMs);
    }
}
