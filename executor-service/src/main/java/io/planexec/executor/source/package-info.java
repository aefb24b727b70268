/**
 * Tools from outside the executor's process: a {@link io.planexec.executor.source.ToolSource} opens them into the
 * toolbox (the tools of MCP servers).
 */
package io.planexec.executor.source;
