package io.planexec.executor.tool;

/**
 * The code behind a tool: {@link SyncToolHandler} (returns the output, may block), {@link AsyncToolHandler} (returns a
 * {@link java.util.concurrent.CompletionStage}) or a {@link ToolFunction} method.
 */
public sealed interface ToolHandler permits SyncToolHandler, AsyncToolHandler, MethodHandler {}
