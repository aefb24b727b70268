package io.planexec.executor.tool;

import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tools an executor serves: those of its toolbox whose latency class it serves and, when a list of names is
 * configured, whose name is on it. Follows the toolbox as tools come and go.
 */
public final class ToolSelection {

    private final Toolbox toolbox;
    private final Set<LatencyClass> classes;
    private final Set<String> names;

    /**
     * @param classes the latency classes served
     * @param names the tool names served; empty means every tool
     */
    public ToolSelection(Toolbox toolbox, Set<LatencyClass> classes, Set<String> names) {
        this.toolbox = toolbox;
        this.classes = Set.copyOf(classes);
        this.names = Set.copyOf(names);
    }

    /** Whether a tool of this spec is served. */
    public boolean serves(ToolSpec spec) {
        return classes.contains(spec.latencyClass()) && (names.isEmpty() || names.contains(spec.name()));
    }

    /** Whether a tool of this name could be served (used for removals, when the spec is gone). */
    public boolean mayServe(String name) {
        return names.isEmpty() || names.contains(name);
    }

    /** The served tool of this name. */
    public Optional<Tool> tool(String name) {
        return toolbox.tool(name).filter(t -> serves(t.spec()));
    }

    /** The names of the served tools, in order. */
    public List<String> names() {
        return toolbox.tools().stream()
                .filter(t -> serves(t.spec()))
                .map(Tool::name)
                .toList();
    }

    /** The specs of the served tools, in name order. */
    public List<ToolSpec> specs() {
        return toolbox.tools().stream().map(Tool::spec).filter(this::serves).toList();
    }

    public Toolbox toolbox() {
        return toolbox;
    }
}
