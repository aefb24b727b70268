package io.planexec.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.planexec.executor.tool.ToolContext;
import io.planexec.executor.tool.ToolErrors;
import io.planexec.executor.tool.Toolbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tools of an MCP server at a streamable-HTTP endpoint: the Java SDK's server in this JVM, in an embedded Tomcat.
 */
class McpHttpServerIT {

    private static final McpTools.Settings FAST_RESTARTS = new McpTools.Settings(
            Duration.ofSeconds(30),
            Duration.ofMillis(500),
            Duration.ofSeconds(2),
            Duration.ofMillis(200),
            Duration.ofSeconds(1));

    @TempDir
    Path dir;

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Toolbox toolbox = new Toolbox();
    private Server server;
    private McpTools tools;

    @AfterEach
    void stop() throws LifecycleException {
        if (tools != null) {
            tools.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void shouldServeTheToolsOfAnHttpServerSendingTheConfiguredHeaders() throws Exception {
        server = Server.start(dir, 0, authorizations);
        tools = new McpTools(config(server.port()), FAST_RESTARTS);

        tools.open(toolbox);

        assertThat(toolbox.names()).containsExactly("web__echo");
        assertThat(toolbox.spec("web__echo").orElseThrow().reads()).containsExactly("mcp:web");
        assertThat(call("web__echo", Map.of("text", "over http")).get(30, TimeUnit.SECONDS))
                .isEqualTo("echo: over http");
        assertThat(authorizations).isNotEmpty().containsOnly("Bearer t0k");
    }

    @Test
    void shouldConnectAgainWhenTheServerComesBack() throws Exception {
        // Given a connected server
        server = Server.start(dir, 0, authorizations);
        int port = server.port();
        tools = new McpTools(config(port), FAST_RESTARTS);
        tools.open(toolbox);

        // When it goes away
        server.stop();
        server = null;

        // Then calls fail with a retryable error naming the server, once the executor has seen it go
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThatThrownBy(
                                () -> call("web__echo", Map.of("text", "x")).get(10, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOf(McpUnavailableException.class)
                        .hasMessageContaining("MCP server 'web'")
                        .satisfies(e -> assertThat(ToolErrors.isRetryable(e)).isTrue()));

        // And when it is back on its address, calls work again
        server = Server.start(dir, port, authorizations);
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                call("web__echo", Map.of("text", "back")).get(5, TimeUnit.SECONDS))
                        .isEqualTo("echo: back"));
    }

    private static McpConfig config(int port) {
        return new McpConfig(
                Map.of(
                        "web",
                        new McpServerConfig.Http(
                                "web", "http://127.0.0.1:" + port + "/mcp", Map.of("Authorization", "Bearer t0k"))),
                Map.of());
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Object> call(String name, Map<String, Object> args) {
        try {
            return ((CompletionStage<Object>) toolbox.tool(name)
                            .orElseThrow()
                            .prepare(args)
                            .invoke(ToolContext.direct(name, "p", "s", "test")))
                    .toCompletableFuture();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The SDK's streamable-HTTP server with one read-only tool, 'echo', at /mcp. */
    private record Server(Tomcat tomcat, McpSyncServer mcp) {

        static Server start(Path dir, int port, List<String> authorizations) throws LifecycleException {
            HttpServletStreamableServerTransportProvider transport =
                    HttpServletStreamableServerTransportProvider.builder()
                            .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                            .mcpEndpoint("/mcp")
                            .contextExtractor(request -> {
                                String authorization = request.getHeader("Authorization");
                                if (authorization != null) {
                                    authorizations.add(authorization);
                                }
                                return McpTransportContext.EMPTY;
                            })
                            .build();
            McpSchema.Tool echo = McpSchema.Tool.builder("echo", Map.of("type", "object"))
                    .description("Says the text back.")
                    .annotations(McpSchema.ToolAnnotations.builder()
                            .readOnlyHint(true)
                            .build())
                    .build();
            McpSyncServer mcp = McpServer.sync(transport)
                    .serverInfo("planexec-http-test", "1.0")
                    .capabilities(
                            McpSchema.ServerCapabilities.builder().tools(true).build())
                    .tools(SyncToolSpecification.builder()
                            .tool(echo)
                            .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                                    .addTextContent(
                                            "echo: " + request.arguments().get("text"))
                                    .build())
                            .build())
                    .build();
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(dir.resolve("tomcat-" + System.nanoTime()).toString());
            tomcat.setHostname("127.0.0.1");
            tomcat.setPort(port);
            Context context = tomcat.addContext("", null);
            // (no web applications to unload here: Tomcat's leak detection would only warn that it needs --add-opens)
            ((StandardContext) context).setClearReferencesRmiTargets(false);
            ((StandardContext) context).setClearReferencesThreadLocals(false);
            Wrapper servlet = Tomcat.addServlet(context, "mcp", transport);
            servlet.setAsyncSupported(true);
            servlet.addMapping("/*");
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            tomcat.start();
            return new Server(tomcat, mcp);
        }

        int port() {
            return tomcat.getConnector().getLocalPort();
        }

        void stop() throws LifecycleException {
            mcp.close();
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
