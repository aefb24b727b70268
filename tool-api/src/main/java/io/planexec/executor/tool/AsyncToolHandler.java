package io.planexec.executor.tool;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A tool that returns at once with a stage completed later. When the call times out its future is cancelled; the tool
 * should then stop its work.
 */
@FunctionalInterface
public non-sealed interface AsyncToolHandler extends ToolHandler {

    /**
     * Starts the tool.
     *
     * @param args the step's arguments as plain JSON values
     * @param context the call's context
     * @return a stage completed with the output (a JSON value, a record, or {@code null}) or with the failure
     * @throws Exception a failure to start; {@link NonRetryableException} stops retries
     */
    CompletionStage<?> call(Map<String, Object> args, ToolContext context) throws Exception;
}
