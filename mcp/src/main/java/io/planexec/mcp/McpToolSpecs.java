package io.planexec.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.planexec.model.LatencyClass;
import io.planexec.model.SpecOverride;
import io.planexec.model.ToolSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The planexec spec of an MCP server's tool: named {@code SERVER__TOOL}, its parameters the tool's {@code inputSchema},
 * its description the tool's, and its resources and idempotence from the tool's annotations, unless the configuration
 * overrides them:
 *
 * <ul>
 *   <li>{@code readOnlyHint: true}: reads {@code mcp:SERVER}, writes nothing, idempotent;
 *   <li>otherwise the resources are unknown (the planner runs its steps alone), and the tool is idempotent only when
 *       it says {@code idempotentHint: true} and {@code destructiveHint: false} (MCP's default for {@code
 *       destructiveHint} is true: a destructive call is never repeated).
 * </ul>
 *
 * An override's {@code reads} and {@code writes} replace both (the one not given is empty).
 */
public final class McpToolSpecs {

    /** Between the server's name and the tool's in a planexec tool name. */
    public static final String SEPARATOR = "__";

    /** The longest tool name the LLM APIs accept. */
    public static final int MAX_NAME_LENGTH = 64;

    private static final Pattern NOT_IN_A_NAME = Pattern.compile("[^A-Za-z0-9_-]");

    private McpToolSpecs() {}

    /**
     * The planexec name of a server's tool: {@code SERVER__TOOL}, every character an LLM's tool name may not hold
     * turned into {@code _}.
     */
    public static String toolName(String server, String mcpTool) {
        return server + SEPARATOR + NOT_IN_A_NAME.matcher(mcpTool).replaceAll("_");
    }

    /** The resource a read-only tool of the server reads, unless overridden. */
    public static String serverResource(String server) {
        return "mcp:" + server;
    }

    /**
     * The spec of {@code tool}, or empty when its name is too long for an LLM's tool names.
     *
     * @throws IllegalArgumentException when the override makes an invalid spec (the message names the tool)
     */
    public static Optional<ToolSpec> spec(String server, McpSchema.Tool tool, SpecOverride override) {
        String name = toolName(server, tool.name());
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.empty();
        }
        McpSchema.ToolAnnotations hints = tool.annotations();
        boolean readOnly = hints != null && Boolean.TRUE.equals(hints.readOnlyHint());
        boolean destructive = hints == null || hints.destructiveHint() == null || hints.destructiveHint();
        boolean idempotentHint = hints != null && Boolean.TRUE.equals(hints.idempotentHint());

        ToolSpec base = new ToolSpec(
                name,
                tool.description() != null ? tool.description() : tool.title(),
                tool.inputSchema() == null ? Map.of() : tool.inputSchema(),
                readOnly ? List.of(serverResource(server)) : null,
                readOnly ? List.of() : null,
                readOnly || (idempotentHint && !destructive),
                null,
                LatencyClass.MEDIUM,
                ToolSpec.DEFAULT_TIMEOUT_MS,
                null,
                null,
                null,
                null);
        try {
            return Optional.of(override.applyTo(base));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "MCP tool '" + tool.name() + "' of server '" + server + "' as " + name + ": " + e.getMessage(), e);
        }
    }
}
