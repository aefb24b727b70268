package io.planexec.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** Small helpers for writing optional fields: {@code null} is left out. */
final class Writes {

    private Writes() {}

    static void putOpt(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    static void putOpt(ObjectNode node, String field, Integer value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    static void putOpt(ObjectNode node, String field, Instant value) {
        if (value != null) {
            node.put(field, Instants.format(value));
        }
    }

    static void putOpt(ObjectNode node, String field, Enum<?> value) {
        if (value != null) {
            node.put(field, value.name());
        }
    }

    static void putStrings(ObjectNode node, String field, List<String> values) {
        if (values != null) {
            ArrayNode arr = node.putArray(field);
            values.forEach(arr::add);
        }
    }
}
