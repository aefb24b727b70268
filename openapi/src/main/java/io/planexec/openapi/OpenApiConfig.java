package io.planexec.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.planexec.executor.source.ConfigValues;
import io.planexec.model.SpecOverride;
import io.planexec.wire.SpecOverrides;
import java.io.IOException;
import java.net.URI;
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

/**
 * An OpenAPI tools file (JSON or YAML): the services whose operations an executor serves as tools, and per-tool
 * overrides:
 *
 * <pre>{@code
 * services:
 *   petstore:
 *     spec: petstore.yaml                      # an OpenAPI 3 document: a path (relative to this file) or a URL
 *     base_url: https://petstore.example/v1    # default: the document's first server
 *     headers: {Authorization: "Bearer ${env:PETSTORE_TOKEN}"}
 *     operations: [listPets, showPetById]      # default: every operation with an operationId
 * tools:
 *   petstore__createPets: {writes: ["petstore:/pets"], concurrency_cap: 2}
 * }</pre>
 *
 * In {@code headers} and {@code base_url}, {@code ${env:NAME}} is the variable's value. Unknown keys are refused.
 *
 * @param services by name, in file order
 * @param overrides by planexec tool name ({@code SERVICE__OPERATION})
 */
public record OpenApiConfig(Map<String, Service> services, Map<String, SpecOverride> overrides) {

    /**
     * One service.
     *
     * @param spec where its OpenAPI document is: a file path (resolved against the tools file's directory) or a URL
     * @param baseUrl the URL its paths are relative to; {@code null}: the document's first server
     * @param operations the operation ids served; {@code null}: every operation with an id
     */
    public record Service(
            String name, String spec, String baseUrl, Map<String, String> headers, List<String> operations) {
        public Service {
            headers = Map.copyOf(headers);
            operations = operations == null ? null : List.copyOf(operations);
        }

        /** Leaves the headers' values out: they often hold credentials. */
        @Override
        public String toString() {
            return "OpenAPI service '" + name + "' (" + spec + ")";
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]+(_[A-Za-z0-9-]+)*");
    private static final Set<String> SERVICE_KEYS = Set.of("spec", "base_url", "headers", "operations");

    public OpenApiConfig {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * Reads a tools file; {@code ${env:NAME}} takes {@code env}'s values, and relative spec paths are resolved against
     * the file's directory.
     *
     * @throws OpenApiConfigException naming the file, the place in it and what is wrong
     */
    public static OpenApiConfig read(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new OpenApiConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new OpenApiConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(file.toString(), text, env, dir);
    }

    /** Parses the text of a tools file; {@code source} names it in errors, {@code dir} resolves relative spec paths. */
    public static OpenApiConfig parse(String source, String text, Map<String, String> env, Path dir) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new OpenApiConfigException(source + ": neither JSON nor YAML: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ")");
        }
        Reader r = new Reader(source, env, dir);
        if (root == null || !root.isObject()) {
            throw r.error("$", "must be an object with \"services\"");
        }
        for (Map.Entry<String, JsonNode> property : root.properties()) {
            if (!property.getKey().equals("services") && !property.getKey().equals("tools")) {
                throw r.error("$." + property.getKey(), "unknown key; a tools file has \"services\" and \"tools\"");
            }
        }
        JsonNode services = root.get("services");
        if (services == null || !services.isObject() || services.isEmpty()) {
            throw r.error("$.services", "must be an object of services by name");
        }
        Map<String, Service> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : services.properties()) {
            parsed.put(entry.getKey(), r.service(entry.getKey(), entry.getValue()));
        }
        Map<String, SpecOverride> overrides = new LinkedHashMap<>();
        JsonNode tools = root.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isObject()) {
                throw r.error("$.tools", "must be an object of overrides by tool name (SERVICE__OPERATION)");
            }
            for (Map.Entry<String, JsonNode> entry : tools.properties()) {
                String at = "$.tools." + entry.getKey();
                if (!entry.getKey().contains("__")) {
                    throw r.error(at, "a tool is named SERVICE__OPERATION, e.g. petstore__listPets");
                }
                try {
                    overrides.put(entry.getKey(), SpecOverrides.read(entry.getValue(), at));
                } catch (IllegalArgumentException e) {
                    throw new OpenApiConfigException(source + ": " + e.getMessage(), e);
                }
            }
        }
        return new OpenApiConfig(parsed, overrides);
    }

    private record Reader(String source, Map<String, String> env, Path dir) {

        OpenApiConfigException error(String at, String problem) {
            return new OpenApiConfigException(source + ": " + at + ": " + problem);
        }

        Service service(String name, JsonNode node) {
            String at = "$.services." + name;
            if (!NAME.matcher(name).matches() || name.length() > 30) {
                throw error(
                        at,
                        "a service name is letters, digits, '-' and single '_' (at most 30 characters), as its tools"
                                + " are named SERVICE__OPERATION");
            }
            if (!node.isObject()) {
                throw error(at, "must be an object with \"spec\"");
            }
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (!SERVICE_KEYS.contains(property.getKey())) {
                    throw error(at + "." + property.getKey(), "unknown key; a service has " + SERVICE_KEYS);
                }
            }
            String spec = text(node, at, "spec");
            if (spec == null || spec.isBlank()) {
                throw error(at + ".spec", "is required: the path or URL of the service's OpenAPI document");
            }
            if (!spec.startsWith("http://") && !spec.startsWith("https://")) {
                Path path = dir == null ? Path.of(spec) : dir.resolve(spec);
                if (!Files.isRegularFile(path)) {
                    throw error(at + ".spec", "no such file: " + path);
                }
                spec = path.toAbsolutePath().normalize().toString();
            }
            String baseUrl = text(node, at, "base_url");
            if (baseUrl != null) {
                baseUrl = expand(baseUrl, at + ".base_url");
                URI uri = URI.create(baseUrl);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw error(at + ".base_url", "must be an http or https URL, got '" + baseUrl + "'");
                }
            }
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode headerNode = node.get("headers");
            if (headerNode != null && !headerNode.isNull()) {
                if (!headerNode.isObject()) {
                    throw error(at + ".headers", "must be an object of strings");
                }
                for (Map.Entry<String, JsonNode> header : headerNode.properties()) {
                    if (!header.getValue().isTextual()) {
                        throw error(at + ".headers." + header.getKey(), "must be a string, got " + header.getValue());
                    }
                    headers.put(
                            header.getKey(), expand(header.getValue().asText(), at + ".headers." + header.getKey()));
                }
            }
            List<String> operations = null;
            JsonNode ops = node.get("operations");
            if (ops != null && !ops.isNull()) {
                if (!ops.isArray() || ops.isEmpty()) {
                    throw error(at + ".operations", "must be a non-empty array of operation ids");
                }
                operations = new ArrayList<>();
                for (int i = 0; i < ops.size(); i++) {
                    if (!ops.get(i).isTextual()) {
                        throw error(at + ".operations[" + i + "]", "must be a string, got " + ops.get(i));
                    }
                    operations.add(ops.get(i).asText());
                }
            }
            return new Service(name, spec, baseUrl, headers, operations);
        }

        String text(JsonNode node, String at, String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw error(at + "." + field, "must be a string, got " + value);
            }
            return value.asText();
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
