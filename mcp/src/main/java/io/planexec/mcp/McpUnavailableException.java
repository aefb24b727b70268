package io.planexec.mcp;

/**
 * A call could not reach its MCP server, or the server went away during it: the server is being restarted, and an
 * idempotent tool's call is retried.
 */
public final class McpUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    McpUnavailableException(String message) {
        super(message);
    }
}
