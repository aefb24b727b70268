package io.planexec.client;

import io.planexec.model.PlanResult;
import io.planexec.model.PlanStep;
import io.planexec.wire.ToolMessages;
import io.planexec.wire.WireFormat;

/**
 * For agent frameworks that make their own tool messages (LangChain4j, Spring AI): a tool call whose arguments come
 * as JSON text read as planexec reads an OpenAI request's calls, and each call's result given the text planexec's own
 * tool messages give it (docs/protocol.md, "Tool messages").
 */
public final class ToolCalls {

    private static final WireFormat WIRE = new WireFormat();
    private static final ToolMessages MESSAGES = new ToolMessages(WIRE.json());

    private ToolCalls() {}

    /**
     * The step of a tool call: its arguments when they are a JSON object (none when the text is empty), else a step
     * carrying an error that names the call, which the planner fails, instead of an exception.
     */
    public static PlanStep step(String id, String tool, String arguments) {
        return WIRE.toolCall(id, tool, arguments);
    }

    /** The text of one call's result: its output, {@code STATUS: error}, {@code REJECTED: ...} or {@code NO_RESULT: ...}. */
    public static String resultText(PlanResult result, String stepId) {
        return MESSAGES.content(result, stepId);
    }

    /** Whether one call's result is an error: its step did not succeed, or has no outcome. */
    public static boolean isError(PlanResult result, String stepId) {
        return ToolMessages.isError(result, stepId);
    }
}
