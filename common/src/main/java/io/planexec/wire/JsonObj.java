package io.planexec.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.planexec.model.JsonValues;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A JSON object being read, with its path, so every error says where it is ({@code $.steps[2].id: expected a string,
 * got number}).
 */
final class JsonObj {

    private final JsonNode node;
    private final String path;

    private JsonObj(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The document root, which must be an object. */
    static JsonObj root(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new WireFormatException("$", what + " must be a JSON object, got " + typeOf(node));
        }
        return new JsonObj(node, "$");
    }

    static JsonObj of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new WireFormatException(path, "expected an object, got " + typeOf(node));
        }
        return new JsonObj(node, path);
    }

    String path() {
        return path;
    }

    String pathOf(String field) {
        return path + "." + field;
    }

    JsonNode node() {
        return node;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** Rejects any field not in {@code allowed}, naming it. */
    void rejectUnknown(Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new WireFormatException(
                        pathOf(name), "unknown field (expected one of " + String.join(", ", sorted(allowed)) + ")");
            }
        }
    }

    String requireString(String field) {
        String v = optString(field);
        if (v == null) {
            throw missing(field, "a string");
        }
        return v;
    }

    String optString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return v.textValue();
    }

    boolean optBoolean(String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, "true or false", v);
        }
        return v.booleanValue();
    }

    Integer optInt(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(field, "an integer", v);
        }
        return v.intValue();
    }

    int requireInt(String field) {
        Integer v = optInt(field);
        if (v == null) {
            throw missing(field, "an integer");
        }
        return v;
    }

    Long optLong(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(field, "an integer", v);
        }
        return v.longValue();
    }

    long requireLong(String field) {
        Long v = optLong(field);
        if (v == null) {
            throw missing(field, "an integer");
        }
        return v;
    }

    Instant optInstant(String field) {
        String v = optString(field);
        if (v == null) {
            return null;
        }
        try {
            return Instants.parse(v);
        } catch (DateTimeParseException e) {
            throw new WireFormatException(
                    pathOf(field), "expected an ISO-8601 instant like 2026-01-31T12:00:00Z, got '" + v + "'");
        }
    }

    Instant requireInstant(String field) {
        Instant v = optInstant(field);
        if (v == null) {
            throw missing(field, "an ISO-8601 instant");
        }
        return v;
    }

    <E extends Enum<E>> E optEnum(String field, Class<E> type) {
        String v = optString(field);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name());
            }
            throw new WireFormatException(pathOf(field), "'" + v + "' is not one of " + String.join(", ", names));
        }
    }

    <E extends Enum<E>> E requireEnum(String field, Class<E> type) {
        E v = optEnum(field, type);
        if (v == null) {
            throw missing(field, "one of " + List.of(type.getEnumConstants()));
        }
        return v;
    }

    /** A list of strings, or {@code null} when absent. */
    List<String> optStrings(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(field, "an array of strings", v);
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual()) {
                throw new WireFormatException(pathOf(field) + "[" + i + "]", "expected a string, got " + typeOf(e));
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** An object's value as plain-Java JSON, or an empty map when absent. */
    Map<String, Object> optObjectValue(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw wrongType(field, "an object", v);
        }
        return JsonValues.freezeObject((Map<?, ?>) StrictJson.toValue(v));
    }

    /** This whole object as plain-Java JSON. */
    Map<String, Object> value() {
        return JsonValues.freezeObject((Map<?, ?>) StrictJson.toValue(node));
    }

    /** Any JSON value as plain Java, {@code null} when absent. */
    Object optValue(String field) {
        return StrictJson.toValue(node.get(field));
    }

    JsonObj optObject(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return of(v, pathOf(field));
    }

    JsonObj requireObject(String field) {
        JsonObj v = optObject(field);
        if (v == null) {
            throw missing(field, "an object");
        }
        return v;
    }

    /** Each element of an array field, which must be objects, read with {@code reader}; {@code null} when absent. */
    <T> List<T> optObjects(String field, Function<JsonObj, T> reader) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(field, "an array", v);
        }
        List<T> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(reader.apply(of(v.get(i), pathOf(field) + "[" + i + "]")));
        }
        return out;
    }

    /** Runs a model constructor, turning its validation error into a wire error at this object's path. */
    <T> T build(java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new WireFormatException(path, e.getMessage(), e);
        }
    }

    WireFormatException missing(String field, String expected) {
        return new WireFormatException(pathOf(field), "required field is missing (expected " + expected + ")");
    }

    private WireFormatException wrongType(String field, String expected, JsonNode actual) {
        return new WireFormatException(pathOf(field), "expected " + expected + ", got " + typeOf(actual));
    }

    static String typeOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static List<String> sorted(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }
}
