package io.planexec.executor.source;

/** A {@link ToolSource} could not start; the message names the source and why, for the operator. */
public final class ToolSourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ToolSourceException(String message) {
        super(message);
    }

    public ToolSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
