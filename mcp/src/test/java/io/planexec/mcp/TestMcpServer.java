package io.planexec.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * An MCP server built on the Java SDK, run over stdio in a child JVM by the tests: {@code echo} (read-only), {@code put}
 * (idempotent, not destructive; structured output: the key and how many keys are stored), {@code wait} (no annotations; sleeps {@code ms}), {@code fail}
 * ({@code isError}), {@code pid}, and {@code add_late} / {@code remove_late}, which add and remove a tool {@code late}
 * and tell the client its tool list changed. Exits when the JVM
 * whose pid is its argument does (the test's).
 */
public final class TestMcpServer {

    private static final Map<String, Object> OBJECT = Map.of("type", "object");

    private TestMcpServer() {}

    public static void main(String[] args) throws InterruptedException {
        // exits with the test's JVM (its pid is the argument), not with its parent, which may be a shell
        ProcessHandle.of(Long.parseLong(args[0]))
                .ifPresentOrElse(test -> test.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        Map<String, Object> store = new ConcurrentHashMap<>();
        McpSyncServer[] server = new McpSyncServer[1];
        server[0] = McpServer.sync(new StdioServerTransportProvider(json))
                .serverInfo("planexec-test-server", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(
                        tool(
                                "echo",
                                "Says the text back.",
                                Map.of(
                                        "type", "object",
                                        "properties", Map.of("text", Map.of("type", "string")),
                                        "required", List.of("text")),
                                McpSchema.ToolAnnotations.builder()
                                        .readOnlyHint(true)
                                        .build(),
                                args1 -> text("echo: " + args1.get("text"))),
                        tool(
                                "put",
                                "Stores a value under a key.",
                                OBJECT,
                                McpSchema.ToolAnnotations.builder()
                                        .readOnlyHint(false)
                                        .idempotentHint(true)
                                        .destructiveHint(false)
                                        .build(),
                                args1 -> {
                                    store.put(String.valueOf(args1.get("key")), args1.get("value"));
                                    return McpSchema.CallToolResult.builder()
                                            .addTextContent("stored")
                                            .structuredContent(Map.of("key", args1.get("key"), "keys", store.size()))
                                            .build();
                                }),
                        tool("wait", "Waits ms milliseconds.", OBJECT, null, args1 -> {
                            try {
                                Thread.sleep(((Number) args1.get("ms")).longValue());
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return text("waited");
                        }),
                        tool(
                                "fail",
                                "Always reports an error.",
                                OBJECT,
                                null,
                                args1 -> McpSchema.CallToolResult.builder()
                                        .addTextContent("no such thing: " + args1.get("what"))
                                        .isError(true)
                                        .build()),
                        tool(
                                "pid",
                                "This server's process id.",
                                OBJECT,
                                null,
                                args1 -> text(
                                        Long.toString(ProcessHandle.current().pid()))),
                        tool("add_late", "Adds the tool 'late'.", OBJECT, null, args1 -> {
                            server[0].addTool(tool("late", "Came later.", OBJECT, null, a -> text("late")));
                            server[0].notifyToolsListChanged();
                            return text("added");
                        }),
                        tool("remove_late", "Removes the tool 'late'.", OBJECT, null, args1 -> {
                            server[0].removeTool("late");
                            server[0].notifyToolsListChanged();
                            return text("removed");
                        }))
                .build();
        new CountDownLatch(1).await();
    }

    private interface Body {
        McpSchema.CallToolResult call(Map<String, Object> args);
    }

    private static SyncToolSpecification tool(
            String name, String description, Map<String, Object> schema, McpSchema.ToolAnnotations hints, Body body) {
        McpSchema.Tool.Builder tool = McpSchema.Tool.builder(name, schema).description(description);
        if (hints != null) {
            tool.annotations(hints);
        }
        return SyncToolSpecification.builder()
                .tool(tool.build())
                .callHandler(
                        (exchange, request) -> body.call(request.arguments() == null ? Map.of() : request.arguments()))
                .build();
    }

    private static McpSchema.CallToolResult text(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).build();
    }
}
