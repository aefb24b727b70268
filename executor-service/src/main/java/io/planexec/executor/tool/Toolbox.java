package io.planexec.executor.tool;

import io.planexec.model.ToolSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools an executor process can run, by name. Thread-safe: tools may be registered and removed while the executor
 * runs. Listeners hear of every change; the executor publishes each registered spec to {@code planexec.tools} and a
 * tombstone for each removal.
 */
public final class Toolbox {

    private static final Logger LOGGER = LoggerFactory.getLogger(Toolbox.class);

    private final Map<String, Tool> tools = new ConcurrentSkipListMap<>();
    private final List<ToolboxListener> listeners = new CopyOnWriteArrayList<>();

    /** A toolbox with the tools of every {@link ToolProvider} the class loader finds. */
    public static Toolbox fromServiceLoader(ClassLoader classLoader) {
        Toolbox toolbox = new Toolbox();
        for (ToolProvider provider : ServiceLoader.load(ToolProvider.class, classLoader)) {
            Collection<Tool> provided = provider.tools();
            LOGGER.info(
                    "tool_provider={} tools={}",
                    provider.getClass().getName(),
                    provided.stream().map(Tool::name).toList());
            toolbox.registerAll(provided);
        }
        return toolbox;
    }

    /** Registers a tool, replacing one of the same name. */
    public Toolbox register(Tool tool) {
        Objects.requireNonNull(tool, "tool");
        ToolSpec spec = tool.spec();
        if (!spec.hasResourceInfo()) {
            LOGGER.info(
                    "tool={} resources=unknown effect=\"the planner runs its steps alone; declare reads/writes to let"
                            + " them run in parallel\"",
                    spec.name());
        }
        tools.put(spec.name(), tool);
        listeners.forEach(l -> l.registered(spec));
        return this;
    }

    /** Registers several tools. */
    public Toolbox registerAll(Collection<Tool> toRegister) {
        toRegister.forEach(this::register);
        return this;
    }

    /** Registers the {@link ToolFunction} methods of an object (see {@link Tool#fromMethods}). */
    public Toolbox registerMethods(Object target) {
        return registerAll(Tool.fromMethods(target));
    }

    /** The tool of this name. */
    public Optional<Tool> tool(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** The spec of the tool of this name. */
    public Optional<ToolSpec> spec(String name) {
        return tool(name).map(Tool::spec);
    }

    /** Whether a tool of this name is registered. */
    public boolean hasSpec(String name) {
        return tools.containsKey(name);
    }

    /** Removes a tool; {@code false} if there was none of that name. */
    public boolean remove(String name) {
        boolean removed = tools.remove(name) != null;
        if (removed) {
            listeners.forEach(l -> l.removed(name));
        }
        return removed;
    }

    /** Removes every tool. */
    public void removeAll() {
        new ArrayList<>(tools.keySet()).forEach(this::remove);
    }

    /** Every registered spec, in name order. */
    public List<ToolSpec> specs() {
        return tools.values().stream().map(Tool::spec).toList();
    }

    /** The registered names, in order. */
    public Set<String> names() {
        return Set.copyOf(tools.keySet());
    }

    /** Every registered tool, in name order. */
    public List<Tool> tools() {
        return List.copyOf(tools.values());
    }

    public void addListener(ToolboxListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ToolboxListener listener) {
        listeners.remove(listener);
    }
}
