package io.planexec.executor.tool;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON form of a Java type that a tool method accepts: it gives the JSON Schema of the type and binds a plain JSON
 * value to a Java value, with errors that name the argument ({@code argument 'filter.min' must be an integer, got
 * "ten"}). Built once per method by {@link TypeShapes}.
 */
sealed interface TypeShape {

    /** The JSON Schema of the type. */
    Map<String, Object> schema();

    /** Binds a JSON value; {@code where} is its path in the arguments ({@code users[2].name}), for errors. */
    Object bind(Object json, String where);

    /** What the JSON value should be, for error messages: "an integer", "a string", ... */
    String expected();

    /** An absent value binds to this (only {@link OptionalShape} has one). */
    default Object absent() {
        return null;
    }

    private static InvalidArgumentsException mismatch(String where, TypeShape shape, Object json) {
        return new InvalidArgumentsException(
                "argument '" + where + "' must be " + shape.expected() + ", got " + JsonText.brief(json));
    }

    private static Map<String, Object> schemaOf(String type) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", type);
        return schema;
    }

    record StringShape() implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            return schemaOf("string");
        }

        @Override
        public Object bind(Object json, String where) {
            if (json instanceof String s) {
                return s;
            }
            throw mismatch(where, this, json);
        }

        @Override
        public String expected() {
            return "a string";
        }
    }

    record BooleanShape() implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            return schemaOf("boolean");
        }

        @Override
        public Object bind(Object json, String where) {
            if (json instanceof Boolean b) {
                return b;
            }
            throw mismatch(where, this, json);
        }

        @Override
        public String expected() {
            return "a boolean";
        }
    }

    /** int, long, short, byte (boxed or not) and BigInteger. */
    record IntegerShape(Class<?> target, BigInteger min, BigInteger max) implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            Map<String, Object> schema = schemaOf("integer");
            if (min != null) {
                schema.put("minimum", min);
                schema.put("maximum", max);
            }
            return schema;
        }

        @Override
        public Object bind(Object json, String where) {
            BigDecimal decimal = JsonText.decimal(json);
            BigInteger value;
            try {
                value = decimal == null ? null : decimal.toBigIntegerExact();
            } catch (ArithmeticException e) {
                value = null;
            }
            if (value == null) {
                throw mismatch(where, this, json);
            }
            if (min != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
                throw new InvalidArgumentsException("argument '" + where + "' must be an integer between " + min
                        + " and " + max + ", got " + value);
            }
            if (target == int.class || target == Integer.class) {
                return value.intValue();
            } else if (target == long.class || target == Long.class) {
                return value.longValue();
            } else if (target == short.class || target == Short.class) {
                return value.shortValue();
            } else if (target == byte.class || target == Byte.class) {
                return value.byteValue();
            }
            return value;
        }

        @Override
        public String expected() {
            return "an integer";
        }
    }

    /** double, float (boxed or not), BigDecimal and Number. */
    record NumberShape(Class<?> target) implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            return schemaOf("number");
        }

        @Override
        public Object bind(Object json, String where) {
            BigDecimal decimal = JsonText.decimal(json);
            if (decimal == null) {
                throw mismatch(where, this, json);
            }
            if (target == double.class || target == Double.class) {
                return decimal.doubleValue();
            } else if (target == float.class || target == Float.class) {
                return decimal.floatValue();
            }
            return decimal;
        }

        @Override
        public String expected() {
            return "a number";
        }
    }

    record EnumShape(Class<? extends Enum<?>> target) implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            Map<String, Object> schema = schemaOf("string");
            schema.put("enum", names());
            return schema;
        }

        @Override
        public Object bind(Object json, String where) {
            if (json instanceof String s) {
                for (Enum<?> constant : target.getEnumConstants()) {
                    if (constant.name().equals(s)) {
                        return constant;
                    }
                }
            }
            throw mismatch(where, this, json);
        }

        @Override
        public String expected() {
            return "one of "
                    + String.join(
                            ", ", names().stream().map(n -> "\"" + n + "\"").toList());
        }

        private List<String> names() {
            List<String> names = new ArrayList<>();
            for (Enum<?> constant : target.getEnumConstants()) {
                names.add(constant.name());
            }
            return names;
        }
    }

    record InstantShape() implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            Map<String, Object> schema = schemaOf("string");
            schema.put("format", "date-time");
            return schema;
        }

        @Override
        public Object bind(Object json, String where) {
            if (json instanceof String s) {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException e) {
                    // falls through to the mismatch below
                }
            }
            throw mismatch(where, this, json);
        }

        @Override
        public String expected() {
            return "an ISO-8601 instant such as \"2026-01-31T12:00:00Z\"";
        }
    }

    /** Any JSON value, passed as plain JSON values (a parameter of type Object). */
    record AnyShape() implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            return new LinkedHashMap<>();
        }

        @Override
        public Object bind(Object json, String where) {
            return json;
        }

        @Override
        public String expected() {
            return "any JSON value";
        }
    }

    record OptionalShape(TypeShape inner) implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            return inner.schema();
        }

        @Override
        public Object bind(Object json, String where) {
            return json == null ? Optional.empty() : Optional.of(inner.bind(json, where));
        }

        @Override
        public String expected() {
            return inner.expected();
        }

        @Override
        public Object absent() {
            return Optional.empty();
        }
    }

    /** The collection kinds a list argument binds to. */
    enum Collection {
        LIST,
        SET,
        ARRAY
    }

    record ListShape(TypeShape element, Collection kind, Class<?> arrayComponent) implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            Map<String, Object> schema = schemaOf("array");
            schema.put("items", element.schema());
            if (kind == Collection.SET) {
                schema.put("uniqueItems", true);
            }
            return schema;
        }

        @Override
        public Object bind(Object json, String where) {
            if (!(json instanceof List<?> list)) {
                throw mismatch(where, this, json);
            }
            List<Object> bound = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                bound.add(element.bind(list.get(i), where + "[" + i + "]"));
            }
            return switch (kind) {
                case LIST -> java.util.Collections.unmodifiableList(bound);
                case SET -> java.util.Collections.unmodifiableSet(new LinkedHashSet<>(bound));
                case ARRAY -> {
                    Object array = Array.newInstance(arrayComponent, bound.size());
                    for (int i = 0; i < bound.size(); i++) {
                        Array.set(array, i, bound.get(i));
                    }
                    yield array;
                }
            };
        }

        @Override
        public String expected() {
            return "an array";
        }
    }

    record MapShape(TypeShape value) implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            Map<String, Object> schema = schemaOf("object");
            if (!(value instanceof AnyShape)) {
                schema.put("additionalProperties", value.schema());
            }
            return schema;
        }

        @Override
        public Object bind(Object json, String where) {
            if (!(json instanceof Map<?, ?> map)) {
                throw mismatch(where, this, json);
            }
            Map<String, Object> bound = new LinkedHashMap<>();
            map.forEach((k, v) -> bound.put((String) k, value.bind(v, where + "." + k)));
            return java.util.Collections.unmodifiableMap(bound);
        }

        @Override
        public String expected() {
            return "an object";
        }
    }

    /** One named field of an object: a method parameter or a record component. */
    record Field(String name, TypeShape shape, boolean required, String description) {
        Map<String, Object> schema() {
            Map<String, Object> schema = new LinkedHashMap<>(shape.schema());
            if (!description.isEmpty()) {
                schema.put("description", description);
            }
            return schema;
        }
    }

    /** A record, bound field by field through its canonical constructor. */
    record RecordShape(Class<?> target, List<Field> fields, Constructor<?> constructor) implements TypeShape {
        @Override
        public Map<String, Object> schema() {
            return objectSchema(fields);
        }

        @Override
        public Object bind(Object json, String where) {
            if (!(json instanceof Map<?, ?> map)) {
                throw mismatch(where, this, json);
            }
            @SuppressWarnings("unchecked")
            Object[] values = bindFields(fields, (Map<String, Object>) map, where);
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw new InvalidArgumentsException("argument '" + where + "': " + JsonText.messageOf(cause), cause);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + target.getName() + ": " + e, e);
            }
        }

        @Override
        public String expected() {
            return "an object";
        }
    }

    /** The JSON Schema of an object with these fields; unknown fields are not allowed. */
    static Map<String, Object> objectSchema(List<Field> fields) {
        Map<String, Object> schema = schemaOf("object");
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Field field : fields) {
            properties.put(field.name(), field.schema());
            if (field.required()) {
                required.add(field.name());
            }
        }
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * Binds the fields of a JSON object, rejecting unknown fields and missing required ones.
     *
     * @param owner the path of the object, or {@code ""} for the arguments object itself
     */
    static Object[] bindFields(List<Field> fields, Map<String, Object> json, String owner) {
        Set<String> known = new LinkedHashSet<>();
        fields.forEach(f -> known.add(f.name()));
        for (String name : json.keySet()) {
            if (!known.contains(name)) {
                String list = known.isEmpty() ? "none" : String.join(", ", known);
                throw new InvalidArgumentsException(
                        owner.isEmpty()
                                ? "unknown argument '" + name + "' (arguments: " + list + ")"
                                : "argument '" + owner + "' has no field '" + name + "' (fields: " + list + ")");
            }
        }
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            String where = owner.isEmpty() ? field.name() : owner + "." + field.name();
            Object value = json.get(field.name());
            if (value == null) {
                if (field.required() && !(field.shape() instanceof OptionalShape)) {
                    throw new InvalidArgumentsException(
                            "missing argument '" + where + "' (" + field.shape().expected() + ")");
                }
                values[i] = field.shape().absent();
            } else {
                values[i] = field.shape().bind(value, where);
            }
        }
        return values;
    }
}
