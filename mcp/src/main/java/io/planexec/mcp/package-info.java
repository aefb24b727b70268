/**
 * The tools of MCP servers, served by an executor: {@link io.planexec.mcp.McpConfig} reads the configuration file MCP
 * clients use, {@link io.planexec.mcp.McpTools} starts the servers and keeps their tools in the toolbox, and {@link
 * io.planexec.mcp.McpToolSpecs} derives each tool's spec from its MCP annotations and the overrides.
 */
package io.planexec.mcp;
