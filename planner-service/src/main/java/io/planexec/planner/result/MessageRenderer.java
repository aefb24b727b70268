package io.planexec.planner.result;

import io.planexec.model.Dialect;
import java.util.List;
import java.util.Map;

/**
 * Renders the outcomes of a plan's tool calls as the messages an agent appends to its conversation, in the dialect of
 * its request. Every call gets a message, also when it failed, was skipped or cancelled: LLM APIs expect an answer to
 * each call, and the error text tells the model what to do next.
 */
public interface MessageRenderer {

    /** The messages for these outcomes (in request order). */
    List<Map<String, Object>> render(List<ToolOutcome> outcomes);

    /** The renderer of a dialect. */
    static MessageRenderer of(Dialect dialect) {
        return switch (dialect) {
            case OPENAI -> new OpenAiMessages();
            case ANTHROPIC -> new AnthropicMessages();
            case STEPS -> new StepMessages();
        };
    }
}
