package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.planexec.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP quick start of the README, through the {@code ./planexec} script: {@code dev --mcp-config} with
 * examples/mcp-filesystem.json (its overrides as they are; the server from npm, installed by .ci/install-mcp-servers,
 * and pointed at a fresh directory), then {@code submit} of examples/anthropic-mcp-files.json (its paths in that
 * directory): two writes and a read of one of them back; then the server is killed, and the next plan finds it started
 * again.
 */
class McpFilesystemIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SERVER =
            Path.of(".ci/tools/npm/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");

    @Test
    void shouldWriteTwoFilesInParallelAndReadOneBackAfterItsWrite(@TempDir Path home) throws Exception {
        // Given the filesystem server of npm, and the example's configuration pointed at a fresh directory
        Path node = ExternalTools.require("node", "install Node.js (Debian's nodejs package)");
        Path server = Launcher.ROOT.resolve(SERVER);
        ExternalTools.requireThat(
                Files.isRegularFile(server),
                "the filesystem MCP server is not in .ci/tools/npm: run .ci/install-mcp-servers");
        Path files = Files.createDirectories(home.resolve("files"));
        ObjectNode config = (ObjectNode) JSON.readTree(
                Launcher.ROOT.resolve("examples/mcp-filesystem.json").toFile());
        ObjectNode filesServer = (ObjectNode) config.path("mcpServers").path("files");
        filesServer.put("command", node.toString());
        ArrayNode args = filesServer.putArray("args");
        args.add(server.toString()).add(files.toString());
        Path configFile = home.resolve("mcp.json");
        JSON.writeValue(configFile.toFile(), config);
        Path request = home.resolve("request.json");
        Files.writeString(
                request,
                Files.readString(Launcher.ROOT.resolve("examples/anthropic-mcp-files.json"))
                        .replace("/tmp/planexec-files", files.toString()));

        // When 'planexec dev' serves its tools
        Path devOut = home.resolve("dev.out");
        Process dev = Launcher.PROJECT.dev(home, devOut, "--no-demo-tools", "--mcp-config", configFile.toString());
        try {
            assertThat(read(devOut))
                    .contains("starting the MCP servers")
                    .containsPattern("tools +files__create_directory, .*files__read_text_file, .*files__write_file");

            // And the request is submitted
            Path submitOut = home.resolve("submit.out");
            Process submit = Launcher.PROJECT.start(
                    home, submitOut, List.of("-Xmx512m"), Map.of(), "submit", request.toString());
            assertThat(submit.waitFor(120, TimeUnit.SECONDS)).isTrue();

            // Then both files are written, and the read, ordered after the write of its file, gives its content
            // (before it, the file did not exist in the fresh directory)
            assertThat(submit.exitValue()).as(read(submitOut)).isZero();
            String result = read(submitOut);
            assertThat(result).contains("plan p-mcp-files: SUCCEEDED").contains("{\"content\":\"alpha\"}");
            long[] writeA = span(result, "toolu_01");
            long[] writeB = span(result, "toolu_02");
            long[] readA = span(result, "toolu_03");
            assertThat(readA[0])
                    .as("the read starts after the write of its file ended")
                    .isGreaterThanOrEqualTo(writeA[1]);
            assertThat(writeB[0])
                    .as("the other write does not wait for the first")
                    .isLessThan(writeA[1]);
            assertThat(files.resolve("a.txt")).hasContent("alpha");
            assertThat(files.resolve("b.txt")).hasContent("beta");

            // And when the server is killed, dev starts it again and the next plan's read succeeds (retried if it
            // met the server down: the read is idempotent)
            ProcessHandle running = serverProcess(files).orElseThrow();
            running.destroyForcibly();
            assertThat(running.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> read(devOut).split("mcp_server=files state=connected", -1).length > 2);
            Path again = home.resolve("again.out");
            Process resubmit = Launcher.PROJECT.start(
                    home, again, List.of("-Xmx512m"), Map.of(), "submit", request.toString(), "--plan-id", "p-again");
            assertThat(resubmit.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(resubmit.exitValue()).as(read(again)).isZero();
            assertThat(read(again)).contains("plan p-again: SUCCEEDED").contains("{\"content\":\"alpha\"}");
            assertThat(serverProcess(files))
                    .hasValueSatisfying(p -> assertThat(p.pid()).isNotEqualTo(running.pid()));
        } finally {
            dev.destroy();
            assertThat(dev.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        // And stopping dev stops the server it started
        assertThat(serverProcess(files)).as("the filesystem server's process").isEmpty();
    }

    /** The filesystem server's process: the one whose arguments name the directory it serves. */
    private static Optional<ProcessHandle> serverProcess(Path files) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.isAlive()
                        && p.info()
                                .arguments()
                                .map(a -> List.of(a).contains(files.toString()))
                                .orElse(false))
                .findFirst();
    }

    /** The start and end (ms into the plan) that {@code submit} prints for a call: {@code toolu_01  SUCCEEDED  146-203 ms}. */
    private static long[] span(String output, String call) {
        Matcher m = Pattern.compile("(?m)^\\s*" + call + "\\s+SUCCEEDED\\s+(\\d+)-(\\d+) ms")
                .matcher(output);
        assertThat(m.find()).as("the line of %s in:%n%s", call, output).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
