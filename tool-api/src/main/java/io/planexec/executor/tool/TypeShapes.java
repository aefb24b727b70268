package io.planexec.executor.tool;

import io.planexec.executor.tool.TypeShape.Field;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the {@link TypeShape} of a Java type, refusing types that have no JSON form with a clear message. */
final class TypeShapes {

    private TypeShapes() {}

    /**
     * The shape of a type.
     *
     * @param where what has the type, for errors ({@code tool 'x': parameter 'when'})
     * @throws IllegalArgumentException when the type has no JSON form
     */
    static TypeShape of(Type type, String where) {
        return of(type, where, new HashSet<>());
    }

    private static TypeShape of(Type type, String where, Set<Class<?>> visiting) {
        if (type instanceof WildcardType wildcard) {
            return of(wildcard.getUpperBounds()[0], where, visiting);
        }
        if (type instanceof GenericArrayType array) {
            Type component = array.getGenericComponentType();
            return new TypeShape.ListShape(
                    of(component, where, visiting), TypeShape.Collection.ARRAY, rawClass(component, where));
        }
        if (type instanceof ParameterizedType parameterized) {
            return parameterized(parameterized, where, visiting);
        }
        if (!(type instanceof Class<?> c)) {
            throw unsupported(type, where);
        }
        if (c == String.class || c == CharSequence.class) {
            return new TypeShape.StringShape();
        }
        if (c == boolean.class || c == Boolean.class) {
            return new TypeShape.BooleanShape();
        }
        if (c == int.class || c == Integer.class) {
            return integer(c, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (c == long.class || c == Long.class) {
            return integer(c, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (c == short.class || c == Short.class) {
            return integer(c, Short.MIN_VALUE, Short.MAX_VALUE);
        }
        if (c == byte.class || c == Byte.class) {
            return integer(c, Byte.MIN_VALUE, Byte.MAX_VALUE);
        }
        if (c == BigInteger.class) {
            return new TypeShape.IntegerShape(c, null, null);
        }
        if (c == double.class
                || c == Double.class
                || c == float.class
                || c == Float.class
                || c == BigDecimal.class
                || c == Number.class) {
            return new TypeShape.NumberShape(c);
        }
        if (c == Instant.class) {
            return new TypeShape.InstantShape();
        }
        if (c == Object.class) {
            return new TypeShape.AnyShape();
        }
        if (c.isEnum()) {
            @SuppressWarnings("unchecked")
            Class<? extends Enum<?>> e = (Class<? extends Enum<?>>) c;
            return new TypeShape.EnumShape(e);
        }
        if (c.isArray()) {
            return new TypeShape.ListShape(
                    of(c.getComponentType(), where, visiting), TypeShape.Collection.ARRAY, c.getComponentType());
        }
        if (c.isRecord()) {
            return record(c, where, visiting);
        }
        if (c == List.class || c == Collection.class || c == Set.class || c == Map.class || c == Optional.class) {
            throw new IllegalArgumentException(
                    where + " has the raw type " + c.getSimpleName() + ": give its type arguments, e.g. List<String>");
        }
        throw unsupported(type, where);
    }

    private static TypeShape parameterized(ParameterizedType type, String where, Set<Class<?>> visiting) {
        Class<?> raw = (Class<?>) type.getRawType();
        Type[] args = type.getActualTypeArguments();
        if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
            return new TypeShape.ListShape(of(args[0], where, visiting), TypeShape.Collection.LIST, null);
        }
        if (raw == Set.class) {
            return new TypeShape.ListShape(of(args[0], where, visiting), TypeShape.Collection.SET, null);
        }
        if (raw == Map.class) {
            if (rawClass(args[0], where) != String.class) {
                throw new IllegalArgumentException(
                        where + " is a Map whose keys are not String: JSON keys are strings");
            }
            return new TypeShape.MapShape(of(args[1], where, visiting));
        }
        if (raw == Optional.class) {
            return new TypeShape.OptionalShape(of(args[0], where, visiting));
        }
        throw unsupported(type, where);
    }

    private static TypeShape record(Class<?> c, String where, Set<Class<?>> visiting) {
        if (!visiting.add(c)) {
            throw new IllegalArgumentException(where + " uses the record " + c.getSimpleName()
                    + " inside itself: recursive types are not supported");
        }
        try {
            RecordComponent[] components = c.getRecordComponents();
            List<Field> fields = new ArrayList<>();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                types[i] = component.getType();
                Arg arg = component.getAnnotation(Arg.class);
                String name = arg != null && !arg.value().isEmpty() ? arg.value() : component.getName();
                String fieldWhere = where + " (" + c.getSimpleName() + "." + component.getName() + ")";
                TypeShape shape = of(component.getGenericType(), fieldWhere, visiting);
                fields.add(field(name, shape, arg, component.getType(), fieldWhere));
            }
            Constructor<?> constructor = c.getDeclaredConstructor(types);
            constructor.trySetAccessible();
            return new TypeShape.RecordShape(c, List.copyOf(fields), constructor);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + c.getName() + " has no canonical constructor", e);
        } finally {
            visiting.remove(c);
        }
    }

    /** A field of an object, checking that an optional field can hold "absent". */
    static Field field(String name, TypeShape shape, Arg arg, Class<?> rawType, String where) {
        boolean required = !(shape instanceof TypeShape.OptionalShape) && (arg == null || arg.required());
        if (!required && rawType.isPrimitive()) {
            throw new IllegalArgumentException(
                    where + " is optional but has the primitive type " + rawType + ": use its boxed type or Optional");
        }
        return new Field(name, shape, required, arg == null ? "" : arg.description());
    }

    private static TypeShape integer(Class<?> c, long min, long max) {
        return new TypeShape.IntegerShape(c, BigInteger.valueOf(min), BigInteger.valueOf(max));
    }

    private static Class<?> rawClass(Type type, String where) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw unsupported(type, where);
    }

    private static IllegalArgumentException unsupported(Type type, String where) {
        return new IllegalArgumentException(where + " has the type " + type.getTypeName()
                + ", which has no JSON form: use String, boolean, a number type, an enum, Instant, a record, List, Set,"
                + " Map<String, T>, Optional or Object");
    }
}
