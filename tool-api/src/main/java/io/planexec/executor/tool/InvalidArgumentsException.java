package io.planexec.executor.tool;

/**
 * The step's arguments do not fit the tool, e.g. {@code tool 'search': argument 'limit' must be an integer, got
 * "ten"}. The tool is not called and the step fails without retries.
 */
public final class InvalidArgumentsException extends NonRetryableException {

    public InvalidArgumentsException(String message) {
        super(message);
    }

    public InvalidArgumentsException(String message, Throwable cause) {
        super(message, cause);
    }
}
