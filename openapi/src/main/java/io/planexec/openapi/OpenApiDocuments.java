package io.planexec.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads an OpenAPI 3 document (swagger-parser, references resolved) into its operations. */
final class OpenApiDocuments {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private OpenApiDocuments() {}

    /** A document's operations and the URL of its first server ({@code null} when it names none). */
    record Document(List<HttpOperation> operations, String serverUrl, List<String> warnings) {}

    /**
     * Reads the document at {@code location} (a file path or a URL).
     *
     * @throws IllegalArgumentException when it cannot be read or is not OpenAPI 3, with the parser's messages
     */
    static Document read(String location) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readLocation(location, null, options);
        OpenAPI api = result.getOpenAPI();
        List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
        if (api == null) {
            throw new IllegalArgumentException("cannot read the OpenAPI document " + location
                    + (messages.isEmpty() ? "" : ": " + String.join("; ", messages)));
        }
        List<HttpOperation> operations = new ArrayList<>();
        if (api.getPaths() != null) {
            for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
                PathItem item = path.getValue();
                for (Map.Entry<PathItem.HttpMethod, Operation> op :
                        item.readOperationsMap().entrySet()) {
                    operations.add(
                            operation(op.getKey().name().toUpperCase(Locale.ROOT), path.getKey(), item, op.getValue()));
                }
            }
        }
        String server = api.getServers() == null || api.getServers().isEmpty()
                ? null
                : api.getServers().get(0).getUrl();
        return new Document(operations, server, messages);
    }

    private static HttpOperation operation(String method, String path, PathItem item, Operation op) {
        Map<String, HttpOperation.Parameter> parameters = new LinkedHashMap<>();
        List<io.swagger.v3.oas.models.parameters.Parameter> all = new ArrayList<>();
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        if (op.getParameters() != null) {
            all.addAll(op.getParameters()); // an operation's parameter overrides the path's of the same name
        }
        for (io.swagger.v3.oas.models.parameters.Parameter p : all) {
            if (p.getName() == null || p.getIn() == null || p.getIn().equals("cookie")) {
                continue;
            }
            parameters.put(
                    p.getIn() + ":" + p.getName(),
                    new HttpOperation.Parameter(
                            p.getName(),
                            p.getIn(),
                            p.getIn().equals("path") || Boolean.TRUE.equals(p.getRequired()),
                            p.getDescription(),
                            schema(p.getSchema())));
        }
        HttpOperation.Body body = null;
        RequestBody requestBody = op.getRequestBody();
        if (requestBody != null && requestBody.getContent() != null) {
            MediaType json = requestBody.getContent().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("application/json")
                            || e.getKey().endsWith("+json"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            if (json != null) {
                body = new HttpOperation.Body(
                        Boolean.TRUE.equals(requestBody.getRequired()),
                        requestBody.getDescription(),
                        schema(json.getSchema()));
            }
        }
        String description = join(op.getSummary(), op.getDescription());
        return new HttpOperation(
                op.getOperationId(), method, path, description, List.copyOf(parameters.values()), body);
    }

    /** The schema as plain JSON values (swagger's numbers are BigDecimals: written out and read back). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(Schema<?> schema) {
        if (schema == null) {
            return Map.of();
        }
        try {
            Map<String, Object> map = PLAIN.readValue(Json.mapper().writeValueAsString(schema), Map.class);
            map.remove("exampleSetFlag");
            return map;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a schema cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String join(String summary, String description) {
        if (summary == null || summary.isBlank()) {
            return description == null ? "" : description;
        }
        if (description == null || description.isBlank() || description.equals(summary)) {
            return summary;
        }
        return summary + (summary.endsWith(".") ? " " : ". ") + description;
    }
}
