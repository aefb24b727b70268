package io.planexec.mcp;

/** An MCP configuration file that cannot be used; the message names the file, the place in it and the problem. */
public final class McpConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public McpConfigException(String message) {
        super(message);
    }

    public McpConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
