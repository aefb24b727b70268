package io.planexec.executor.tool;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a tool's failure into the message an LLM reads: the exception's own message (never a stack trace), unwrapped
 * from the wrappers of reflection and futures.
 */
public final class ToolErrors {

    private static final int MAX_LENGTH = 2_000;

    private ToolErrors() {}

    /** The failure the tool itself raised, without reflection and future wrappers. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException
                        || t instanceof ExecutionException
                        || t instanceof InvocationTargetException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The message of a failure: its own message, or its simple class name when it has none ({@code
     * NullPointerException}), at most 2,000 characters.
     */
    public static String message(Throwable failure) {
        Throwable t = unwrap(failure);
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        return message.length() <= MAX_LENGTH ? message : message.substring(0, MAX_LENGTH) + "...";
    }

    /** Whether a retry may help: not for {@link NonRetryableException}. */
    public static boolean isRetryable(Throwable failure) {
        return !(unwrap(failure) instanceof NonRetryableException);
    }
}
