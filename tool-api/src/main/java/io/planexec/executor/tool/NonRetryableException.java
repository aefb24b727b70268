package io.planexec.executor.tool;

/**
 * A tool failure that a retry cannot fix (bad input, permission denied, not found). The step fails at once, even for an
 * idempotent tool with retries left. The message is what the LLM reads: say what went wrong and what would work.
 */
public class NonRetryableException extends RuntimeException {

    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
