package io.planexec.bench.harness.engine;

import io.planexec.executor.tool.PreparedCall;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolContext;
import io.planexec.executor.tool.ToolOutputs;
import io.planexec.executor.tool.Toolbox;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Calls the tools of a toolbox directly in this JVM, as an in-process executor does: the same {@link Tool} objects,
 * arguments bound by {@link Tool#prepare}, outputs turned into JSON values as the executor turns them. Synchronous
 * tools run on the given worker threads; asynchronous ones return their own stage.
 */
final class DirectCalls {

    private static final String EXECUTOR = "inprocess";

    private final Toolbox toolbox;
    private final Executor workers;

    DirectCalls(Toolbox toolbox, Executor workers) {
        this.toolbox = toolbox;
        this.workers = workers;
    }

    /** Starts a call; the future completes with the tool's output as a JSON value, or with its failure. */
    CompletableFuture<Object> call(String planId, String stepId, String toolName, Map<String, Object> args) {
        PreparedCall call;
        ToolContext context = ToolContext.direct(toolName, planId, stepId, EXECUTOR);
        try {
            call = tool(toolName).prepare(args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (call.isAsync()) {
            try {
                return ((CompletionStage<?>) call.invoke(context))
                        .toCompletableFuture()
                        .thenApply(ToolOutputs::toJsonValue);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(() -> ToolOutputs.toJsonValue(invoke(call, context)), workers);
    }

    private Tool tool(String name) {
        return toolbox.tool(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "tool '" + name + "' is not in the toolbox; known tools: " + toolbox.names()));
    }

    private static Object invoke(PreparedCall call, ToolContext context) {
        try {
            return call.invoke(context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
