package io.planexec.executor.tool;

import io.planexec.model.ToolSpec;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A tool: its spec and the code that runs it. Write one with {@link ToolFunction} methods ({@link #fromMethods}) or,
 * for tools known only at run time, from a spec and a handler ({@link #sync}, {@link #async}).
 *
 * @param spec what the planner and the LLM see
 * @param handler what runs a call
 */
public record Tool(ToolSpec spec, ToolHandler handler) {

    public Tool {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(handler, "handler of tool '" + spec.name() + "'");
    }

    /** A tool whose handler returns its output (and may block). */
    public static Tool sync(ToolSpec spec, SyncToolHandler handler) {
        return new Tool(spec, handler);
    }

    /** A tool whose handler returns a stage completed later. */
    public static Tool async(ToolSpec spec, AsyncToolHandler handler) {
        return new Tool(spec, handler);
    }

    /**
     * The tools of every {@link ToolFunction} method of an object (or of a class, for static methods), in name order.
     *
     * @throws IllegalArgumentException naming the tool and the problem: a parameter type without JSON form, a
     *     parameter without a name, a duplicate tool name, an invalid spec, no annotated method at all
     */
    public static List<Tool> fromMethods(Object target) {
        Objects.requireNonNull(target, "target");
        Class<?> type = target instanceof Class<?> c ? c : target.getClass();
        List<Tool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(ToolFunction.class) && !method.isBridge()) {
                    Tool tool = MethodHandler.toolOf(target, method);
                    if (!names.add(tool.name())) {
                        throw new IllegalArgumentException("tool '" + tool.name() + "' is defined twice in "
                                + type.getName() + ": give one of the methods another name");
                    }
                    tools.add(tool);
                }
            }
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no @ToolFunction method");
        }
        tools.sort(Comparator.comparing(Tool::name));
        return List.copyOf(tools);
    }

    /** The tool's name. */
    public String name() {
        return spec.name();
    }

    /**
     * Checks and binds a step's arguments.
     *
     * @throws InvalidArgumentsException naming the tool and the argument, e.g. {@code tool 'search': argument 'limit'
     *     must be an integer, got "ten"}
     */
    public PreparedCall prepare(Map<String, Object> args) {
        Map<String, Object> arguments = args == null ? Map.of() : args;
        try {
            if (handler instanceof SyncToolHandler sync) {
                return new PreparedCall(false, context -> sync.call(arguments, context));
            }
            if (handler instanceof AsyncToolHandler async) {
                return new PreparedCall(true, context -> async.call(arguments, context));
            }
            return ((MethodHandler) handler).prepare(arguments);
        } catch (InvalidArgumentsException e) {
            throw new InvalidArgumentsException("tool '" + name() + "': " + e.getMessage(), e);
        }
    }
}
