package io.planexec.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.planexec.executor.tool.NonRetryableException;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolContext;
import io.planexec.executor.tool.ToolErrors;
import io.planexec.executor.tool.Toolbox;
import io.planexec.executor.tool.ToolboxListener;
import io.planexec.model.SpecOverride;
import io.planexec.model.ToolSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tools of a real MCP server (the Java SDK's, {@link TestMcpServer}, in a child JVM over stdio), served from a
 * toolbox as an executor serves them.
 */
class McpServerIT {

    private static final McpTools.Settings FAST_RESTARTS = new McpTools.Settings(
            Duration.ofSeconds(30),
            Duration.ofMillis(500),
            Duration.ofSeconds(2),
            Duration.ofMillis(200),
            Duration.ofSeconds(1));

    private final Toolbox toolbox = new Toolbox();
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private McpTools tools;

    @AfterEach
    void close() {
        if (tools != null) {
            tools.close();
        }
    }

    @Test
    void shouldServeEveryToolUnderItsPlanexecNameWithTheSpecItsAnnotationsGive() {
        // Given a server whose tool 'wait' is overridden in the planexec section
        open(Map.of(
                "test__wait",
                new SpecOverride(null, null, List.of("clock:{ms}"), true, 2, null, 5_000L, null, null, null, null)));

        // Then every tool is served as test__TOOL
        assertThat(toolbox.names())
                .containsExactlyInAnyOrder(
                        "test__echo",
                        "test__put",
                        "test__wait",
                        "test__fail",
                        "test__pid",
                        "test__add_late",
                        "test__remove_late");
        // read-only: reads the server, writes nothing, idempotent; parameters and description from the server
        ToolSpec echo = toolbox.spec("test__echo").orElseThrow();
        assertThat(echo.reads()).containsExactly("mcp:test");
        assertThat(echo.writes()).isEmpty();
        assertThat(echo.idempotent()).isTrue();
        assertThat(echo.description()).isEqualTo("Says the text back.");
        assertThat(echo.parameters()).containsEntry("required", List.of("text"));
        // idempotent and not destructive: idempotent, resources unknown
        ToolSpec put = toolbox.spec("test__put").orElseThrow();
        assertThat(put.idempotent()).isTrue();
        assertThat(put.hasResourceInfo()).isFalse();
        // no annotations: MCP's defaults (destructive), so never repeated, resources unknown
        ToolSpec fail = toolbox.spec("test__fail").orElseThrow();
        assertThat(fail.idempotent()).isFalse();
        assertThat(fail.hasResourceInfo()).isFalse();
        // the override wins
        ToolSpec wait = toolbox.spec("test__wait").orElseThrow();
        assertThat(wait.reads()).isEmpty();
        assertThat(wait.writes()).containsExactly("clock:{ms}");
        assertThat(wait.idempotent()).isTrue();
        assertThat(wait.concurrencyCap()).isEqualTo(2);
        assertThat(wait.timeoutMs()).isEqualTo(5_000L);
    }

    @Test
    void shouldGiveTheContentOfAResultAsTheOutputAndAnErrorAsANonRetryableFailure() throws Exception {
        open(Map.of());

        assertThat(call("test__echo", Map.of("text", "hi")).get(30, TimeUnit.SECONDS))
                .isEqualTo("echo: hi");
        assertThat(call("test__put", Map.of("key", "k", "value", 1)).get(30, TimeUnit.SECONDS))
                .isEqualTo(Map.of("key", "k", "keys", 1));
        CompletableFuture<Object> failed = call("test__fail", Map.of("what", "bob"));
        assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(NonRetryableException.class)
                .hasMessage("no such thing: bob");
    }

    @Test
    void shouldFollowTheServersToolListAsItChanges() throws Exception {
        open(Map.of());

        call("test__add_late", Map.of()).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> toolbox.hasSpec("test__late"));
        assertThat(call("test__late", Map.of()).get(30, TimeUnit.SECONDS)).isEqualTo("late");

        call("test__remove_late", Map.of()).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> !toolbox.hasSpec("test__late"));
        assertThat(changes).containsSubsequence("registered test__late", "removed test__late");
        assertThat(changes).as("the unchanged tools are not published again").doesNotContain("registered test__echo");
    }

    @Test
    void shouldRestartAServerWhoseProcessDiedFailingItsCallsRetryablyMeanwhile() throws Exception {
        // Given a server with a long call in flight
        open(Map.of());
        long pid = Long.parseLong((String) call("test__pid", Map.of()).get(30, TimeUnit.SECONDS));
        CompletableFuture<Object> inFlight = call("test__wait", Map.of("ms", 60_000));

        // When its process is killed
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        // Then the call in flight fails at once with a retryable error naming the server
        assertThatThrownBy(() -> inFlight.get(20, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(McpUnavailableException.class)
                .hasMessageContaining("MCP server 'test'")
                .satisfies(e -> assertThat(ToolErrors.isRetryable(e)).isTrue());

        // And the server is started again, its tools still served (no tombstones), and calls work
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(call("test__pid", Map.of()).get(10, TimeUnit.SECONDS))
                        .isNotEqualTo(Long.toString(pid)));
        assertThat(changes).noneMatch(c -> c.startsWith("removed"));
    }

    @Test
    void shouldStopTheCallOfACancelledFutureAndKeepServing() throws Exception {
        open(Map.of());
        CompletableFuture<Object> waiting = call("test__wait", Map.of("ms", 60_000));

        waiting.cancel(true);

        assertThat(waiting).isCancelled();
        assertThat(call("test__echo", Map.of("text", "still here")).get(30, TimeUnit.SECONDS))
                .isEqualTo("echo: still here");
    }

    @Test
    void shouldStopTheWholeProcessTreeOfAServerStartedThroughAShell() throws Exception {
        // Given the server started the way npx starts one: as a grandchild, under a shell that waits for it
        McpServerConfig.Stdio direct = testServer();
        String command = direct.command() + " "
                + String.join(
                        " ", direct.args().stream().map(a -> "'" + a + "'").toList());
        McpServerConfig.Stdio shell =
                new McpServerConfig.Stdio("test", "sh", List.of("-c", command + "; exit $?"), Map.of());
        tools = new McpTools(new McpConfig(Map.of("test", shell), Map.of()), FAST_RESTARTS);
        tools.open(toolbox);
        long pid = Long.parseLong((String) call("test__pid", Map.of()).get(30, TimeUnit.SECONDS));
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
        assertThat(server.parent().map(ProcessHandle::pid))
                .as("a grandchild")
                .isNotEqualTo(Optional.of(ProcessHandle.current().pid()));

        // When the tools are closed (the executor stops)
        tools.close();

        // Then the server itself is stopped, not only the shell
        assertThat(server.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void shouldRefuseToStartWhenAServerCannotBeStartedNamingIt() {
        McpConfig config = new McpConfig(
                Map.of("broken", new McpServerConfig.Stdio("broken", "/nonexistent/mcp-server", List.of(), Map.of())),
                Map.of());
        tools = new McpTools(config, FAST_RESTARTS);

        assertThatThrownBy(() -> tools.open(toolbox))
                .hasMessageContaining("stdio server 'broken' (/nonexistent/mcp-server) did not start: command"
                        + " '/nonexistent/mcp-server' is not an executable file");
    }

    private void open(Map<String, SpecOverride> overrides) {
        toolbox.addListener(new ToolboxListener() {
            @Override
            public void registered(ToolSpec spec) {
                changes.add("registered " + spec.name());
            }

            @Override
            public void removed(String name) {
                changes.add("removed " + name);
            }
        });
        tools = new McpTools(new McpConfig(Map.of("test", testServer()), overrides), FAST_RESTARTS);
        tools.open(toolbox);
        changes.clear();
    }

    /** The test server, run by this JVM's java on this test's class path. */
    static McpServerConfig.Stdio testServer() {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path logback = Path.of("src", "test", "resources", "logback-stderr.xml").toAbsolutePath();
        List<String> args = new ArrayList<>(List.of(
                "-Dlogback.configurationFile=" + logback,
                "-cp",
                System.getProperty("java.class.path"),
                TestMcpServer.class.getName(),
                Long.toString(ProcessHandle.current().pid())));
        return new McpServerConfig.Stdio("test", java, args, Map.of());
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Object> call(String name, Map<String, Object> args) {
        Tool tool = toolbox.tool(name).orElseThrow();
        try {
            return ((CompletionStage<Object>) tool.prepare(args).invoke(ToolContext.direct(name, "p", "s", "test")))
                    .toCompletableFuture();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
