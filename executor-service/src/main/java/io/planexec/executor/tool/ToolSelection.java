package io.planexec.executor.tool;

import io.planexec.model.LatencyClass;
import io.planexec.model.StepQueues;
import io.planexec.model.ToolSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tools an executor serves, and the task queues it consumes for them. A tool is served when its latency class is
 * served, its name is on the list of names (when one is configured), and its queue is consumed. A tool's queue is the
 * one its spec names; else the executor's queue ({@code executor.queue}), when it has one; else the tool's latency
 * class's. The queues consumed are fixed when the executor starts: the executor's queue (or the served latency
 * classes' queues), and every queue the specs of its tools name. Follows the toolbox as tools come and go.
 */
public final class ToolSelection {

    private final Toolbox toolbox;
    private final Set<LatencyClass> classes;
    private final Set<String> names;
    private final String queue;
    private final Set<String> queues;

    /** A selection on the latency classes' queues. */
    public ToolSelection(Toolbox toolbox, Set<LatencyClass> classes, Set<String> names) {
        this(toolbox, classes, names, null);
    }

    /**
     * @param classes the latency classes served
     * @param names the tool names served; empty means every tool
     * @param queue the queue of the served tools whose spec names none; {@code null} means their latency class's
     */
    public ToolSelection(Toolbox toolbox, Set<LatencyClass> classes, Set<String> names, String queue) {
        this.toolbox = toolbox;
        this.classes = Set.copyOf(classes);
        this.names = Set.copyOf(names);
        this.queue = queue == null ? null : StepQueues.requireValid(queue, "executor.queue");
        Set<String> consumed = new LinkedHashSet<>();
        if (queue != null) {
            consumed.add(queue);
        } else {
            this.classes.stream().sorted().map(StepQueues::of).forEach(consumed::add);
        }
        for (Tool t : toolbox.tools()) {
            if (selected(t.spec())) {
                consumed.add(queueOf(t.spec()));
            }
        }
        this.queues = java.util.Collections.unmodifiableSet(consumed);
    }

    private boolean selected(ToolSpec spec) {
        return classes.contains(spec.latencyClass()) && (names.isEmpty() || names.contains(spec.name()));
    }

    /** The queue a tool of this spec is served from by this executor. */
    public String queueOf(ToolSpec spec) {
        if (spec.queue() != null) {
            return spec.queue();
        }
        return queue != null ? queue : StepQueues.of(spec.latencyClass());
    }

    /** The spec as this executor publishes it: with the executor's queue when the tool names none. */
    public ToolSpec published(ToolSpec spec) {
        return spec.queue() == null && queue != null ? spec.withQueue(queue) : spec;
    }

    /** The queues consumed, in order: one consumer loop each. */
    public Set<String> queues() {
        return queues;
    }

    /** Whether a tool of this spec is served. */
    public boolean serves(ToolSpec spec) {
        return selected(spec) && queues.contains(queueOf(spec));
    }

    /** Whether a tool of this spec is selected but names a queue this executor does not consume (added too late). */
    public boolean unconsumed(ToolSpec spec) {
        return selected(spec) && !queues.contains(queueOf(spec));
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

    /** The names of the tools served from one queue, in order. */
    public List<String> names(String queue) {
        return toolbox.tools().stream()
                .filter(t -> serves(t.spec()) && queueOf(t.spec()).equals(queue))
                .map(Tool::name)
                .toList();
    }

    /** The specs of the served tools as published (see {@link #published}), in name order. */
    public List<ToolSpec> specs() {
        return toolbox.tools().stream()
                .map(Tool::spec)
                .filter(this::serves)
                .map(this::published)
                .toList();
    }

    public Toolbox toolbox() {
        return toolbox;
    }
}
