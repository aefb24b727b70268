package io.planexec.planner.result;

import io.planexec.model.StepStatus;
import java.util.function.Function;

/**
 * What one tool call came to, as its message reports it.
 *
 * @param callId the step id (the tool call id in the tool-call dialects)
 * @param tool the tool's name
 * @param isError whether the call did not succeed
 * @param text what the LLM reads: the output, or the status and the error
 */
public record ToolOutcome(String callId, String tool, boolean isError, String text) {

    /**
     * The outcome of a step: the output itself when it succeeded (a string as is, anything else as compact JSON),
     * else the status and the error, e.g. {@code FAILED: unknown tool 'get_wether'. Known tools: ...}.
     *
     * @param json writes a JSON value as compact text
     */
    public static ToolOutcome of(
            String callId, String tool, StepStatus status, Object output, String error, Function<Object, String> json) {
        if (status == StepStatus.SUCCEEDED) {
            return new ToolOutcome(callId, tool, false, output instanceof String s ? s : json.apply(output));
        }
        String why = error == null || error.isEmpty() ? "no error message was reported" : error;
        return new ToolOutcome(callId, tool, true, status.name() + ": " + why);
    }

    /** A call of a rejected plan: nothing ran. */
    public static ToolOutcome rejected(String callId, String tool, String why) {
        return new ToolOutcome(callId, tool, true, "REJECTED: the plan was rejected and nothing ran: " + why);
    }
}
