package io.planexec.model;

/**
 * The shape a request arrived in. Results go back in the same shape, so an agent can append them to its conversation
 * unchanged.
 */
public enum Dialect {
    /** OpenAI chat completions: the assistant message's {@code tool_calls}; results are {@code role: tool} messages. */
    OPENAI,
    /** Anthropic messages: {@code tool_use} content blocks; results are one user message of {@code tool_result} blocks. */
    ANTHROPIC,
    /** Explicit plan steps with data flow ({@code depends_on}, {@code produces}, {@code consumes}); results per step. */
    STEPS
}
