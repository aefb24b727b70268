package io.planexec.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import io.planexec.executor.tool.Tool;
import io.planexec.model.ToolSpec;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * LangChain4j {@code @Tool} objects as planexec tools, for an executor to serve: each {@code @Tool} method is a tool
 * with LangChain4j's name, description and parameter schema, its spec completed by {@link PlanexecSpec}, and is run by
 * LangChain4j's own {@link DefaultToolExecutor} (so arguments are bound as LangChain4j binds them).
 *
 * <pre>{@code
 * public final class MyTools implements ToolProvider {
 *     public Collection<Tool> tools() {
 *         return LangChain4jTools.from(new NoteTools(), new WeatherTools());
 *     }
 * }
 * }</pre>
 */
public final class LangChain4jTools {

    private static final Map<String, Object> ANY_OBJECT = Map.of("type", "object");

    private LangChain4jTools() {}

    /**
     * The tools of the {@code @Tool} methods of these objects.
     *
     * @throws IllegalArgumentException when an object has no {@code @Tool} method, or a tool's spec is invalid (the
     *     message names the method)
     */
    public static List<Tool> from(Object... objects) {
        List<Tool> tools = new ArrayList<>();
        for (Object object : objects) {
            List<Method> methods = Arrays.stream(object.getClass().getMethods())
                    .filter(m -> m.isAnnotationPresent(dev.langchain4j.agent.tool.Tool.class))
                    .toList();
            if (methods.isEmpty()) {
                throw new IllegalArgumentException(object.getClass().getName() + " has no @Tool method");
            }
            for (Method method : methods) {
                tools.add(tool(object, method));
            }
        }
        return List.copyOf(tools);
    }

    /** The spec planexec publishes for a {@code @Tool} method. */
    public static ToolSpec spec(Method method) {
        ToolSpecification specification = ToolSpecifications.toolSpecificationFrom(method);
        // LangChain4j's own JSON form of the schema, as its model integrations send it
        Map<String, Object> parameters = specification.parameters() == null
                ? ANY_OBJECT
                : JsonSchemaElementJsonUtils.toMap(specification.parameters());
        PlanexecSpec extra = method.getAnnotation(PlanexecSpec.class);
        try {
            if (extra == null) {
                return ToolSpec.builder(specification.name())
                        .description(specification.description())
                        .parameters(parameters)
                        .build();
            }
            ToolSpec.Builder spec = ToolSpec.builder(specification.name())
                    .description(specification.description())
                    .parameters(parameters)
                    .idempotent(extra.idempotent())
                    .latencyClass(extra.latencyClass())
                    .timeoutMs(extra.timeoutMs());
            boolean readsGiven = !Arrays.asList(extra.reads()).contains(PlanexecSpec.UNSPECIFIED);
            boolean writesGiven = !Arrays.asList(extra.writes()).contains(PlanexecSpec.UNSPECIFIED);
            if (readsGiven || writesGiven) {
                spec.reads(readsGiven ? extra.reads() : new String[0]);
                spec.writes(writesGiven ? extra.writes() : new String[0]);
            }
            if (extra.concurrencyCap() > 0) {
                spec.concurrencyCap(extra.concurrencyCap());
            }
            if (!extra.queue().isEmpty()) {
                spec.queue(extra.queue());
            }
            return spec.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    method.getDeclaringClass().getName() + "." + method.getName() + ": " + e.getMessage(), e);
        }
    }

    private static Tool tool(Object object, Method method) {
        ToolSpec spec = spec(method);
        DefaultToolExecutor executor = new DefaultToolExecutor(object, method);
        return Tool.sync(spec, (args, ctx) -> {
            ToolExecutionRequest request = ToolExecutionRequest.builder()
                    .id(ctx.planId() + "/" + ctx.stepId() + "/" + UUID.randomUUID())
                    .name(spec.name())
                    .arguments(Json.write(args))
                    .build();
            return executor.execute(request, ctx.planId());
        });
    }
}
