package io.planexec.executor.tool;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Converts what a tool returns into a plain JSON value (the step's {@code output}): strings, numbers, booleans and
 * {@code null} as they are; records and maps as objects; collections and arrays as arrays; enums by name; instants,
 * dates, UUIDs and URIs as strings; {@code Optional} as its value or {@code null}.
 */
public final class ToolOutputs {

    private static final int MAX_DEPTH = 60;

    private ToolOutputs() {}

    /**
     * The output as a JSON value.
     *
     * @throws IllegalArgumentException naming the Java type that has no JSON form, or a cycle
     */
    public static Object toJsonValue(Object output) {
        return convert(output, "$", Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private static Object convert(Object value, String path, Set<Object> seen, int depth) {
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger
                || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("the output at " + path + " is " + d + ", which JSON cannot hold");
            }
            return value;
        }
        if (value instanceof Character || value instanceof UUID || value instanceof URI) {
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof Optional<?> optional) {
            return convert(optional.orElse(null), path, seen, depth);
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("the output is nested deeper than " + MAX_DEPTH + " levels at " + path);
        }
        if (!seen.add(value)) {
            throw new IllegalArgumentException("the output refers to itself at " + path);
        }
        try {
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    out.put(key, convert(e.getValue(), path + "." + key, seen, depth + 1));
                }
                return out;
            }
            if (value instanceof Collection<?> collection) {
                List<Object> out = new ArrayList<>(collection.size());
                int i = 0;
                for (Object element : collection) {
                    out.add(convert(element, path + "[" + i++ + "]", seen, depth + 1));
                }
                return out;
            }
            if (value.getClass().isArray()) {
                int length = Array.getLength(value);
                List<Object> out = new ArrayList<>(length);
                for (int i = 0; i < length; i++) {
                    out.add(convert(Array.get(value, i), path + "[" + i + "]", seen, depth + 1));
                }
                return out;
            }
            if (value instanceof Record record) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (RecordComponent component : record.getClass().getRecordComponents()) {
                    Object componentValue = read(component, record);
                    out.put(
                            component.getName(),
                            convert(componentValue, path + "." + component.getName(), seen, depth + 1));
                }
                return out;
            }
        } finally {
            seen.remove(value);
        }
        throw new IllegalArgumentException(
                "the output at " + path + " is a " + value.getClass().getName()
                        + ", which has no JSON form: return a record, a map, a list, a string, a number or a boolean");
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            var accessor = component.getAccessor();
            accessor.trySetAccessible();
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(
                    "cannot read " + record.getClass().getSimpleName() + "." + component.getName() + ": "
                            + ToolErrors.message(e),
                    e);
        }
    }
}
