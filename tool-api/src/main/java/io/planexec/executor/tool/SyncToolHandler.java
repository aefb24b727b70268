package io.planexec.executor.tool;

import java.util.Map;

/**
 * A tool that computes its output on the calling thread. It runs on an executor worker thread; when its timeout passes
 * the thread is interrupted.
 */
@FunctionalInterface
public non-sealed interface SyncToolHandler extends ToolHandler {

    /**
     * Runs the tool.
     *
     * @param args the step's arguments as plain JSON values (maps, lists, strings, numbers, booleans, {@code null})
     * @param context the call's context
     * @return the output: a JSON value, a record, or {@code null}
     * @throws Exception any failure; {@link NonRetryableException} stops retries
     */
    Object call(Map<String, Object> args, ToolContext context) throws Exception;
}
