package io.planexec.executor.tool;

import java.util.concurrent.CompletionStage;

/**
 * A tool call whose arguments have been checked and bound, ready to run once or several times (retries). {@link
 * #invoke} returns the output of a synchronous tool, or the {@link CompletionStage} of an asynchronous one.
 */
public final class PreparedCall {

    /** The body of a call. */
    @FunctionalInterface
    interface Body {
        Object invoke(ToolContext context) throws Exception;
    }

    private final boolean async;
    private final Body body;

    PreparedCall(boolean async, Body body) {
        this.async = async;
        this.body = body;
    }

    /** Whether {@link #invoke} returns a {@link CompletionStage} rather than the output. */
    public boolean isAsync() {
        return async;
    }

    /** Makes one call. */
    public Object invoke(ToolContext context) throws Exception {
        Object result = body.invoke(context);
        if (async && !(result instanceof CompletionStage<?>)) {
            throw new IllegalStateException("tool '" + context.tool() + "' is asynchronous but returned "
                    + (result == null ? "null" : "a " + result.getClass().getName()) + " instead of a CompletionStage");
        }
        return result;
    }
}
