package io.planexec.openapi;

import io.planexec.model.LatencyClass;
import io.planexec.model.SpecOverride;
import io.planexec.model.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The planexec spec of an OpenAPI operation: named {@code SERVICE__operationId}, its arguments the operation's path,
 * query and header parameters by name and its JSON body as {@code body}, and its resources from its method and path:
 *
 * <ul>
 *   <li>GET, HEAD, OPTIONS read {@code SERVICE:PATH*} (the resource and everything under it: a listing sees every
 *       change to its items), idempotent;
 *   <li>PUT and DELETE write {@code SERVICE:PATH}, idempotent;
 *   <li>POST and PATCH write {@code SERVICE:PATH}, not idempotent.
 * </ul>
 *
 * {@code PATH} keeps the path's parameters as templates over the arguments: {@code petstore:/pets/{petId}}. The
 * configuration's overrides win.
 */
final class OpenApiToolSpecs {

    /** Between the service's name and the operation's in a tool name. */
    static final String SEPARATOR = "__";

    static final int MAX_NAME_LENGTH = 64;

    private static final Pattern NOT_IN_A_NAME = Pattern.compile("[^A-Za-z0-9_-]");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Za-z0-9_]+");

    private OpenApiToolSpecs() {}

    static String toolName(String service, String operationId) {
        return service + SEPARATOR + NOT_IN_A_NAME.matcher(operationId).replaceAll("_");
    }

    /** The resource an operation touches: {@code SERVICE:PATH}, as a template over its path parameters. */
    static String resource(String service, String path) {
        Matcher m = PATH_PARAMETER.matcher(path);
        StringBuilder out = new StringBuilder(service).append(':');
        int end = 0;
        while (m.find()) {
            out.append(path, /* start= */ end, /* end= */ m.start());
            if (!PLACEHOLDER.matcher(m.group(1)).matches()) {
                // a parameter name no resource template can hold: everything from here on
                return out.append('*').toString();
            }
            out.append('{').append(m.group(1)).append('}');
            end = m.end();
        }
        return out.append(path.substring(end)).toString();
    }

    /**
     * The spec of an operation.
     *
     * @throws IllegalArgumentException when the name is too long, an argument name is used twice, or the override makes
     *     an invalid spec (the message names the operation)
     */
    static ToolSpec spec(String service, HttpOperation op, SpecOverride override) {
        String name = toolName(service, op.operationId());
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("its tool name " + name + " is longer than " + MAX_NAME_LENGTH
                    + " characters, which LLM APIs refuse: give the service a shorter name");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (HttpOperation.Parameter p : op.parameters()) {
            if (properties.containsKey(p.name())) {
                throw new IllegalArgumentException("two of its parameters are named '" + p.name() + "'");
            }
            Map<String, Object> schema = new LinkedHashMap<>(p.schema());
            if (p.description() != null && !schema.containsKey("description")) {
                schema.put("description", p.description());
            }
            properties.put(p.name(), schema);
            if (p.required()) {
                required.add(p.name());
            }
        }
        if (op.body() != null) {
            if (properties.containsKey("body")) {
                throw new IllegalArgumentException("a parameter is named 'body', the name of its request body");
            }
            Map<String, Object> schema = new LinkedHashMap<>(op.body().schema());
            if (op.body().description() != null && !schema.containsKey("description")) {
                schema.put("description", op.body().description());
            }
            properties.put("body", schema);
            if (op.body().required()) {
                required.add("body");
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("type", "object");
        parameters.put("properties", properties);
        if (!required.isEmpty()) {
            parameters.put("required", required);
        }
        String resource = resource(service, op.path());
        boolean readOnly = op.readOnly();
        ToolSpec base = new ToolSpec(
                name,
                op.description(),
                parameters,
                readOnly ? List.of(resource.endsWith("*") ? resource : resource + "*") : List.of(),
                readOnly ? List.of() : List.of(resource),
                op.idempotent(),
                null,
                LatencyClass.MEDIUM,
                ToolSpec.DEFAULT_TIMEOUT_MS,
                null,
                null,
                null,
                null);
        return override.applyTo(base);
    }
}
