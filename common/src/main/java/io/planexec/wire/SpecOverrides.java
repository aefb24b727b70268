package io.planexec.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.planexec.model.LatencyClass;
import io.planexec.model.RateLimit;
import io.planexec.model.SpecOverride;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** {@link SpecOverride}s as the configuration files of tool sources (MCP servers, HTTP services) write them. */
public final class SpecOverrides {

    private SpecOverrides() {}

    /**
     * Reads an override from a configuration file's JSON (or YAML) object.
     *
     * @param at where the object is in the file, e.g. {@code $.planexec.tools.files__write_file}
     * @throws IllegalArgumentException naming the place and the problem, e.g. {@code
     *     $.planexec.tools.files__write_file.timeout_ms: must be an integer, got "ten"}
     */
    public static SpecOverride read(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(at + ": must be an object of spec fields");
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            if (!SpecOverride.FIELDS.contains(property.getKey())) {
                throw new IllegalArgumentException(at + "." + property.getKey()
                        + ": unknown field; an override may set " + new TreeSet<>(SpecOverride.FIELDS));
            }
        }
        RateLimit rateLimit = null;
        JsonNode rate = node.get("rate_limit");
        if (rate != null && !rate.isNull()) {
            if (!rate.isObject()
                    || !rate.path("calls").isInt()
                    || !rate.path("per_ms").isIntegralNumber()) {
                throw new IllegalArgumentException(at + ".rate_limit: must be {\"calls\": M, \"per_ms\": P}");
            }
            try {
                rateLimit = new RateLimit(
                        rate.get("calls").asInt(), rate.get("per_ms").asLong());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        LatencyClass latencyClass = null;
        String latency = text(node, at, "latency_class");
        if (latency != null) {
            try {
                latencyClass = LatencyClass.valueOf(latency.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        at + ".latency_class: must be one of fast, medium, slow, very_slow, got '" + latency + "'", e);
            }
        }
        return new SpecOverride(
                text(node, at, "description"),
                node.has("reads") ? strings(node.get("reads"), at + ".reads") : null,
                node.has("writes") ? strings(node.get("writes"), at + ".writes") : null,
                bool(node, at, "idempotent"),
                integer(node, at, "concurrency_cap"),
                latencyClass,
                longValue(node, at, "timeout_ms"),
                integer(node, at, "max_retries"),
                text(node, at, "routing_key"),
                text(node, at, "queue"),
                rateLimit);
    }

    private static String text(JsonNode node, String at, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(at + "." + field + ": must be a string, got " + value);
        }
        return value.asText();
    }

    private static Boolean bool(JsonNode node, String at, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(at + "." + field + ": must be true or false, got " + value);
        }
        return value.asBoolean();
    }

    private static Integer integer(JsonNode node, String at, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isInt()) {
            throw new IllegalArgumentException(at + "." + field + ": must be an integer, got " + value);
        }
        return value.asInt();
    }

    private static Long longValue(JsonNode node, String at, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(at + "." + field + ": must be an integer, got " + value);
        }
        return value.asLong();
    }

    private static List<String> strings(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(at + ": must be an array of strings, got " + node);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new IllegalArgumentException(at + "[" + i + "]: must be a string, got " + node.get(i));
            }
            values.add(node.get(i).asText());
        }
        return values;
    }
}
