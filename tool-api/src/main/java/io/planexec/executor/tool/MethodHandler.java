package io.planexec.executor.tool;

import io.planexec.executor.tool.TypeShape.Field;
import io.planexec.model.ToolSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A {@link ToolFunction} method as a tool: its parameters bound from the step's JSON arguments (a {@link ToolContext}
 * parameter gets the context), its JSON Schema derived from the same parameters.
 */
public final class MethodHandler implements ToolHandler {

    private final String tool;
    private final Object target;
    private final Method method;
    /** One entry per parameter; {@code null} marks the ToolContext parameter. */
    private final List<Field> parameters;

    private final List<Field> arguments;
    private final boolean async;

    private MethodHandler(String tool, Object target, Method method, List<Field> parameters) {
        this.tool = tool;
        this.target = target;
        this.method = method;
        this.parameters = parameters;
        this.arguments = parameters.stream().filter(p -> p != null).toList();
        this.async = CompletionStage.class.isAssignableFrom(method.getReturnType());
    }

    /** The method behind the tool. */
    public Method method() {
        return method;
    }

    /** The tool of one annotated method of {@code target} (a class for static methods). */
    static Tool toolOf(Object target, Method method) {
        ToolFunction annotation = method.getAnnotation(ToolFunction.class);
        String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
        String where =
                "tool '" + name + "' (" + method.getDeclaringClass().getSimpleName() + "." + method.getName() + ")";
        if (!Modifier.isPublic(method.getModifiers())) {
            throw new IllegalArgumentException(where + ": a @ToolFunction method must be public");
        }
        if (!Modifier.isStatic(method.getModifiers()) && target instanceof Class<?>) {
            throw new IllegalArgumentException(where + ": an instance method needs an instance, not a class");
        }
        method.trySetAccessible();
        List<Field> parameters = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            if (parameter.getType() == ToolContext.class) {
                parameters.add(null);
                continue;
            }
            Arg arg = parameter.getAnnotation(Arg.class);
            String argName;
            if (arg != null && !arg.value().isEmpty()) {
                argName = arg.value();
            } else if (parameter.isNamePresent()) {
                argName = parameter.getName();
            } else {
                throw new IllegalArgumentException(where + ": parameter " + parameter.getName()
                        + " has no name: compile with -parameters or annotate it with @Arg(\"name\")");
            }
            String paramWhere = where + ": parameter '" + argName + "'";
            TypeShape shape = TypeShapes.of(parameter.getParameterizedType(), paramWhere);
            parameters.add(TypeShapes.field(argName, shape, arg, parameter.getType(), paramWhere));
        }
        MethodHandler handler = new MethodHandler(name, target, method, parameters);
        return new Tool(spec(name, annotation, TypeShape.objectSchema(handler.arguments), where), handler);
    }

    private static ToolSpec spec(String name, ToolFunction a, Map<String, Object> schema, String where) {
        ToolSpec.Builder builder = ToolSpec.builder(name)
                .description(a.description())
                .parameters(schema)
                .idempotent(a.idempotent())
                .concurrencyCap(a.concurrencyCap() == 0 ? null : a.concurrencyCap())
                .latencyClass(a.latencyClass())
                .timeoutMs(a.timeoutMs())
                .maxRetries(a.maxRetries() == -1 ? null : a.maxRetries())
                .routingKey(a.routingKey().isEmpty() ? null : a.routingKey())
                .queue(a.queue().isEmpty() ? null : a.queue());
        if (!unspecified(a.reads())) {
            builder.reads(a.reads());
        }
        if (!unspecified(a.writes())) {
            builder.writes(a.writes());
        }
        try {
            if (a.rateLimitCalls() != 0) {
                builder.rateLimit(a.rateLimitCalls(), a.rateLimitPerMs());
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static boolean unspecified(String[] resources) {
        return Arrays.asList(resources).contains(ToolFunction.UNSPECIFIED);
    }

    /** Binds the arguments; the call then only needs the context. */
    PreparedCall prepare(Map<String, Object> args) {
        Object[] bound = TypeShape.bindFields(arguments, args, "");
        return new PreparedCall(async, context -> invoke(bound, context));
    }

    private Object invoke(Object[] bound, ToolContext context) throws Exception {
        Object[] values = new Object[parameters.size()];
        int next = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = parameters.get(i) == null ? context : bound[next++];
        }
        try {
            return method.invoke(Modifier.isStatic(method.getModifiers()) ? null : target, values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "MethodHandler[" + tool + " -> " + method.getDeclaringClass().getName() + "." + method.getName() + "]";
    }
}
