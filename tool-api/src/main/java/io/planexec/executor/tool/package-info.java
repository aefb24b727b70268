/**
 * The tool API ({@code io.planexec:planexec-tool-api}): write a tool as a {@link
 * io.planexec.executor.tool.ToolFunction} method (its JSON Schema derived from the parameters) or as a {@link
 * io.planexec.executor.tool.Tool} of spec and handler, synchronous or asynchronous, and ship it in a jar with a {@link
 * io.planexec.executor.tool.ToolProvider} found by {@link java.util.ServiceLoader}. The executor service adds, in this
 * package, the {@code Toolbox} that holds the tools of a process and the {@code ToolSelection} of those it serves.
 */
package io.planexec.executor.tool;
