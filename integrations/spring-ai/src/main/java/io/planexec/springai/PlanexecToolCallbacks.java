package io.planexec.springai;

import io.planexec.client.PlanexecClient;
import io.planexec.model.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * The tools registered with planexec as Spring AI {@link ToolCallback}s, so that a model sees them: {@code
 * chatClient.prompt(...).tools(PlanexecToolCallbacks.provider(client))}. Their calls are made by {@link
 * PlanexecToolCallingManager}, all of a response's at once; calling a callback directly is refused.
 */
public final class PlanexecToolCallbacks {

    private PlanexecToolCallbacks() {}

    /**
     * The tools registered with planexec, read again at most every 30 s (reading them reads the whole tools topic: not
     * a thing to do for every prompt).
     */
    public static ToolCallbackProvider provider(PlanexecClient client) {
        return provider(client, Duration.ofSeconds(30));
    }

    /** The tools registered with planexec, read again when {@code refresh} has passed since the last reading. */
    public static ToolCallbackProvider provider(PlanexecClient client, Duration refresh) {
        return new ToolCallbackProvider() {
            private ToolCallback[] read;
            private long readAt;

            @Override
            public synchronized ToolCallback[] getToolCallbacks() {
                long now = System.nanoTime();
                if (read == null || now - readAt >= refresh.toNanos()) {
                    read = all(client).toArray(ToolCallback[]::new);
                    readAt = now;
                }
                return read.clone();
            }
        };
    }

    /** A callback for every tool registered with planexec now. */
    public static List<ToolCallback> all(PlanexecClient client) {
        return client.tools().stream().map(PlanexecToolCallbacks::callback).toList();
    }

    /** A callback for each of these tools, by name. */
    public static List<ToolCallback> named(PlanexecClient client, List<String> names) {
        List<ToolSpec> specs = client.tools();
        for (String name : names) {
            if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("no tool '" + name + "' is registered with planexec");
            }
        }
        return specs.stream()
                .filter(s -> names.contains(s.name()))
                .map(PlanexecToolCallbacks::callback)
                .toList();
    }

    static ToolCallback callback(ToolSpec spec) {
        ToolDefinition definition = ToolDefinition.builder()
                .name(spec.name())
                .description(spec.description())
                .inputSchema(PlanexecToolCallingManager.write(
                        spec.parameters().isEmpty() ? Map.of("type", "object") : spec.parameters()))
                .build();
        return new ToolCallback() {
            @Override
            public ToolDefinition getToolDefinition() {
                return definition;
            }

            @Override
            public String call(String toolInput) {
                throw new UnsupportedOperationException("tool '" + spec.name() + "' runs on planexec: use"
                        + " PlanexecToolCallingManager (planexec.bootstrap-servers switches it on)");
            }
        };
    }
}
