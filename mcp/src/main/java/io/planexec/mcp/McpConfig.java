package io.planexec.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.planexec.executor.source.ConfigValues;
import io.planexec.model.SpecOverride;
import io.planexec.wire.SpecOverrides;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MCP configuration file, in the format MCP clients use (a user copies the block they already have), with an
 * optional {@code "planexec"} section of per-tool overrides:
 *
 * <pre>{@code
 * {"mcpServers": {
 *    "files":  {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp/files"],
 *               "env": {"DEBUG": "0"}},
 *    "remote": {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer ${env:REMOTE_TOKEN}"}}},
 *  "planexec": {"tools": {"files__write_file": {"writes": ["file:{path}"], "idempotent": true}}}}
 * }</pre>
 *
 * A server is a process spoken to over stdio ({@code command}, {@code args}, {@code env}) or a streamable-HTTP endpoint
 * ({@code url}, {@code headers}). {@code "disabled": true}
 * leaves a server out. In {@code env} and {@code headers} values, {@code ${env:NAME}} is the variable's value.
 * Other keys of a server entry, which other clients use, are ignored (and logged); unknown keys of the {@code
 * "planexec"} section are refused.
 *
 * @param servers the enabled servers, by name, in file order
 * @param overrides per-tool overrides, by planexec tool name ({@code SERVER__TOOL})
 */
public record McpConfig(Map<String, McpServerConfig> servers, Map<String, SpecOverride> overrides) {

    private static final Logger LOGGER = LoggerFactory.getLogger(McpConfig.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9-]+(_[A-Za-z0-9-]+)*");
    private static final Set<String> SERVER_KEYS =
            Set.of("command", "args", "env", "url", "headers", "type", "disabled");

    public McpConfig {
        servers = Collections.unmodifiableMap(new LinkedHashMap<>(servers));
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * Reads a configuration file; {@code ${env:NAME}} takes {@code env}'s values.
     *
     * @throws McpConfigException naming the file, the place in it and what is wrong
     */
    public static McpConfig read(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new McpConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new McpConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text, env);
    }

    /** Parses the text of a configuration file; {@code source} names it in errors. */
    public static McpConfig parse(String source, String text, Map<String, String> env) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new McpConfigException(source + ": not JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
        Reader r = new Reader(source, env);
        if (root == null || !root.isObject()) {
            throw r.error("$", "must be a JSON object with \"mcpServers\"");
        }
        for (Map.Entry<String, JsonNode> property : root.properties()) {
            String key = property.getKey();
            if (!key.equals("mcpServers") && !key.equals("planexec")) {
                LOGGER.info("mcp_config={} key={} effect=ignored", source, key);
            }
        }
        JsonNode servers = root.get("mcpServers");
        if (servers == null || !servers.isObject()) {
            throw r.error("$.mcpServers", "must be an object of servers by name");
        }
        Map<String, McpServerConfig> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : servers.properties()) {
            McpServerConfig server = r.server(entry.getKey(), entry.getValue());
            if (server != null) {
                parsed.put(server.name(), server);
            }
        }
        Map<String, SpecOverride> overrides = r.overrides(root.get("planexec"));
        return new McpConfig(parsed, overrides);
    }

    /** Reads the parts, naming the place of each problem. */
    private record Reader(String source, Map<String, String> env) {

        McpConfigException error(String at, String problem) {
            return new McpConfigException(source + ": " + at + ": " + problem);
        }

        McpServerConfig server(String name, JsonNode node) {
            String at = "$.mcpServers." + name;
            if (!SERVER_NAME.matcher(name).matches() || name.length() > 40) {
                throw error(
                        at,
                        "a server name is letters, digits, '-' and single '_' (at most 40 characters), as its tools"
                                + " are named SERVER__TOOL");
            }
            if (!node.isObject()) {
                throw error(at, "must be an object with \"command\" or \"url\"");
            }
            if (node.path("disabled").asBoolean(false)) {
                LOGGER.info("mcp_server={} state=disabled", name);
                return null;
            }
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String key = property.getKey();
                if (!SERVER_KEYS.contains(key)) {
                    LOGGER.info("mcp_server={} key={} effect=ignored", name, key);
                }
            }
            String type = optText(node, at, "type");
            boolean hasCommand = node.has("command");
            boolean hasUrl = node.has("url");
            if (hasCommand == hasUrl) {
                throw error(at, "needs exactly one of \"command\" (a server run over stdio) and \"url\" (over HTTP)");
            }
            if (hasCommand) {
                if (type != null && !type.equals("stdio")) {
                    throw error(at + ".type", "is '" + type + "', but a server with \"command\" is run over stdio");
                }
                String command = optText(node, at, "command");
                if (command == null || command.isBlank()) {
                    throw error(at + ".command", "must be a non-empty string");
                }
                return new McpServerConfig.Stdio(
                        name, command, strings(node.get("args"), at + ".args"), values(node.get("env"), at + ".env"));
            }
            String url = optText(node, at, "url");
            try {
                URI uri = new URI(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw error(at + ".url", "must be an http or https URL, got '" + url + "'");
                }
            } catch (URISyntaxException e) {
                throw error(at + ".url", "is not a URL: " + e.getMessage());
            }
            if (type != null && type.equals("sse")) {
                throw error(
                        at + ".type",
                        "'sse' is MCP's deprecated HTTP+SSE transport, which planexec does not"
                                + " speak: use the server's streamable HTTP endpoint (\"type\": \"http\")");
            }
            if (type != null
                    && !type.equals("http")
                    && !type.equals("streamable-http")
                    && !type.equals("streamableHttp")) {
                throw error(
                        at + ".type", "must be 'http' (streamable HTTP) for a server with \"url\", got '" + type + "'");
            }
            return new McpServerConfig.Http(name, url, values(node.get("headers"), at + ".headers"));
        }

        Map<String, SpecOverride> overrides(JsonNode planexec) {
            if (planexec == null) {
                return Map.of();
            }
            if (!planexec.isObject()) {
                throw error("$.planexec", "must be an object");
            }
            for (Map.Entry<String, JsonNode> property : planexec.properties()) {
                String key = property.getKey();
                if (!key.equals("tools")) {
                    throw error("$.planexec." + key, "unknown key; the planexec section has \"tools\"");
                }
            }
            JsonNode tools = planexec.get("tools");
            if (tools == null) {
                return Map.of();
            }
            if (!tools.isObject()) {
                throw error("$.planexec.tools", "must be an object of overrides by tool name (SERVER__TOOL)");
            }
            Map<String, SpecOverride> overrides = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : tools.properties()) {
                overrides.put(entry.getKey(), override(entry.getKey(), entry.getValue()));
            }
            return overrides;
        }

        SpecOverride override(String tool, JsonNode node) {
            String at = "$.planexec.tools." + tool;
            if (!tool.contains("__")) {
                throw error(at, "a tool is named SERVER__TOOL, e.g. files__write_file");
            }
            try {
                return SpecOverrides.read(node, at);
            } catch (IllegalArgumentException e) {
                throw new McpConfigException(source + ": " + e.getMessage(), e);
            }
        }

        String optText(JsonNode node, String at, String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw error(at + "." + field, "must be a string, got " + value);
            }
            return value.asText();
        }

        List<String> strings(JsonNode node, String at) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw error(at, "must be an array of strings, got " + node);
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw error(at + "[" + i + "]", "must be a string, got " + node.get(i));
                }
                values.add(node.get(i).asText());
            }
            return values;
        }

        /** An object of string values, with {@code ${env:NAME}} replaced. */
        Map<String, String> values(JsonNode node, String at) {
            if (node == null || node.isNull()) {
                return Map.of();
            }
            if (!(node instanceof ObjectNode)) {
                throw error(at, "must be an object of strings, got " + node);
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!entry.getValue().isTextual()) {
                    throw error(at + "." + entry.getKey(), "must be a string, got " + entry.getValue());
                }
                values.put(entry.getKey(), expand(entry.getValue().asText(), at + "." + entry.getKey()));
            }
            return values;
        }

        String expand(String value, String at) {
            try {
                return ConfigValues.expand(value, env);
            } catch (IllegalArgumentException e) {
                throw error(at, e.getMessage());
            }
        }
    }
}
