package io.planexec.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain-Java JSON values, as the model holds them: {@code null}, {@link String}, {@link Boolean}, {@link Number},
 * {@code List<Object>} and {@code Map<String, Object>} (insertion ordered). The model never depends on a JSON library;
 * the wire package converts between these values and JSON text.
 */
public final class JsonValues {

    private JsonValues() {}

    /**
     * Returns a deeply unmodifiable copy of a JSON value (maps keep their order and may hold {@code null} values).
     *
     * @throws IllegalArgumentException if the value is not a JSON value (or is a number JSON cannot hold: NaN, infinity)
     */
    public static Object freeze(Object value) {
        if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
            throw new IllegalArgumentException("not a JSON value: " + value + " (JSON numbers are finite)");
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return freezeObject(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(freeze(element));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException(
                "not a JSON value: " + value.getClass().getName());
    }

    /** Returns a deeply unmodifiable copy of a JSON object; {@code null} gives an empty object. */
    public static Map<String, Object> freezeObject(Map<?, ?> map) {
        if (map == null) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + entry.getKey());
            }
            copy.put(key, freeze(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** An unmodifiable copy of a list of strings; {@code null} stays {@code null} (meaning "not given"). */
    public static List<String> freezeStrings(List<String> list, String what) {
        if (list == null) {
            return null;
        }
        for (String s : list) {
            if (s == null) {
                throw new IllegalArgumentException(what + " must not contain null");
            }
        }
        return List.copyOf(list);
    }
}
