/**
 * The tool SPI: write a tool as a {@link io.planexec.executor.tool.ToolFunction} method (its JSON Schema derived from
 * the parameters) or as a {@link io.planexec.executor.tool.Tool} of spec and handler, synchronous or asynchronous;
 * register it in a {@link io.planexec.executor.tool.Toolbox}, or ship it in a jar with a
 * {@link io.planexec.executor.tool.ToolProvider} found by {@link java.util.ServiceLoader}.
 */
package io.planexec.executor.tool;
