package io.planexec.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.model.LatencyClass;
import io.planexec.model.SpecOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpConfigTest {

    @Test
    void shouldReadTheServersOfAClientConfigurationInFileOrder() {
        McpConfig config = parse("""
                {"mcpServers": {
                   "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp/f"],
                             "env": {"TOKEN": "${env:FILES_TOKEN}-x"}},
                   "remote": {"type": "http", "url": "https://example.com/mcp",
                              "headers": {"Authorization": "Bearer ${env:REMOTE_TOKEN}"}},
                   "off": {"command": "nothing", "disabled": true}},
                 "globalShortcut": "Ctrl+Space"}
                """);

        assertThat(config.servers().keySet()).containsExactly("files", "remote");
        assertThat(config.servers().get("files"))
                .isEqualTo(new McpServerConfig.Stdio(
                        "files",
                        "npx",
                        List.of("-y", "@modelcontextprotocol/server-filesystem", "/tmp/f"),
                        Map.of("TOKEN", "secret-x")));
        assertThat(config.servers().get("remote"))
                .isEqualTo(new McpServerConfig.Http(
                        "remote", "https://example.com/mcp", Map.of("Authorization", "Bearer t0k")));
        assertThat(config.servers().get("remote").toString())
                .as("credentials never printed")
                .doesNotContain("t0k");
        assertThat(config.overrides()).isEmpty();
    }

    @Test
    void shouldReadTheOverridesOfThePlanexecSection() {
        McpConfig config = parse("""
                {"mcpServers": {"files": {"command": "npx"}},
                 "planexec": {"tools": {
                   "files__write_file": {"writes": ["file:{path}"], "idempotent": true, "latency_class": "fast",
                                         "timeout_ms": 5000, "concurrency_cap": 4,
                                         "rate_limit": {"calls": 10, "per_ms": 1000}}}}}
                """);

        SpecOverride write = config.overrides().get("files__write_file");
        assertThat(write.writes()).containsExactly("file:{path}");
        assertThat(write.reads()).isNull();
        assertThat(write.idempotent()).isTrue();
        assertThat(write.latencyClass()).isEqualTo(LatencyClass.FAST);
        assertThat(write.timeoutMs()).isEqualTo(5_000L);
        assertThat(write.concurrencyCap()).isEqualTo(4);
        assertThat(write.rateLimit().calls()).isEqualTo(10);
    }

    @Test
    void shouldNameTheFileThePlaceAndTheProblemOfABadConfiguration() {
        assertError("{\"mcpServers\": [1]}", "mcp.json: $.mcpServers: must be an object of servers by name");
        assertError("{\"mcpServers\": {\"a\": {}}}", "mcp.json: $.mcpServers.a: needs exactly one of \"command\"");
        assertError(
                "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"url\": \"http://h\"}}}",
                "mcp.json: $.mcpServers.a: needs exactly one of \"command\"");
        assertError(
                "{\"mcpServers\": {\"a__b\": {\"command\": \"x\"}}}",
                "mcp.json: $.mcpServers.a__b: a server name is letters, digits, '-' and single '_'");
        assertError(
                "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"args\": [\"ok\", 3]}}}",
                "mcp.json: $.mcpServers.a.args[1]: must be a string, got 3");
        assertError(
                "{\"mcpServers\": {\"a\": {\"url\": \"ftp://h\"}}}",
                "mcp.json: $.mcpServers.a.url: must be an http or https URL, got 'ftp://h'");
        assertError(
                "{\"mcpServers\": {\"a\": {\"url\": \"http://h/sse\", \"type\": \"sse\"}}}",
                "mcp.json: $.mcpServers.a.type: 'sse' is MCP's deprecated HTTP+SSE transport");
        assertError(
                "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": {\"K\": \"${env:MISSING}\"}}}}",
                "mcp.json: $.mcpServers.a.env.K: refers to ${env:MISSING}, but the variable MISSING is not set");
        assertError(
                "{\"mcpServers\": {}, \"planexec\": {\"tool\": {}}}",
                "mcp.json: $.planexec.tool: unknown key; the planexec section has \"tools\"");
        assertError(
                "{\"mcpServers\": {}, \"planexec\": {\"tools\": {\"write_file\": {}}}}",
                "mcp.json: $.planexec.tools.write_file: a tool is named SERVER__TOOL");
        assertError(
                "{\"mcpServers\": {}, \"planexec\": {\"tools\": {\"a__b\": {\"write\": []}}}}",
                "mcp.json: $.planexec.tools.a__b.write: unknown field; an override may set [concurrency_cap,");
        assertError(
                "{\"mcpServers\": {}, \"planexec\": {\"tools\": {\"a__b\": {\"latency_class\": \"quick\"}}}}",
                "mcp.json: $.planexec.tools.a__b.latency_class: must be one of fast, medium, slow, very_slow, got"
                        + " 'quick'");
        assertError(
                "{\"mcpServers\": {}, \"planexec\": {\"tools\": {\"a__b\": {\"rate_limit\": {\"calls\": 0,"
                        + " \"per_ms\": 10}}}}}",
                "mcp.json: $.planexec.tools.a__b: rate_limit.calls must be at least 1, got 0");
        assertError("{\"mcpServers\": {", "mcp.json: not JSON: ");
    }

    @Test
    void shouldSayWhenTheFileIsMissing(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> McpConfig.read(dir.resolve("none.json"), Map.of()))
                .isInstanceOf(McpConfigException.class)
                .hasMessage(dir.resolve("none.json") + ": no such file");
        Path file = dir.resolve("mcp.json");
        Files.writeString(file, "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}");
        assertThat(McpConfig.read(file, Map.of()).servers()).containsOnlyKeys("a");
    }

    private static McpConfig parse(String text) {
        return McpConfig.parse("mcp.json", text, Map.of("FILES_TOKEN", "secret", "REMOTE_TOKEN", "t0k"));
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(McpConfigException.class)
                .hasMessageStartingWith(message);
    }
}
