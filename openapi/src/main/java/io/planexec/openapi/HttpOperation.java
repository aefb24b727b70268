package io.planexec.openapi;

import java.util.List;
import java.util.Map;

/**
 * One operation of an OpenAPI document, as planexec calls it.
 *
 * @param method the HTTP method, upper case
 * @param path the path template, e.g. {@code /pets/{petId}}
 * @param description the operation's summary and description
 * @param parameters its path, query and header parameters
 * @param body its JSON request body, or {@code null} for none
 */
record HttpOperation(
        String operationId, String method, String path, String description, List<Parameter> parameters, Body body) {

    HttpOperation {
        parameters = List.copyOf(parameters);
    }

    /**
     * A parameter.
     *
     * @param in {@code path}, {@code query} or {@code header}
     * @param schema its JSON Schema
     */
    record Parameter(String name, String in, boolean required, String description, Map<String, Object> schema) {}

    /** A JSON request body, passed as the argument {@code body}. */
    record Body(boolean required, String description, Map<String, Object> schema) {}

    /** Whether calling it twice has the effect of calling it once: GET, HEAD, OPTIONS, PUT and DELETE. */
    boolean idempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /** Whether it only reads: GET, HEAD, OPTIONS. */
    boolean readOnly() {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
