package io.planexec.plan;

import io.planexec.model.ToolSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The tool specs the planner plans against: what the executors have registered. */
public interface ToolCatalog {

    /** The spec of a tool, if it is registered. */
    Optional<ToolSpec> find(String name);

    /** The names of all registered tools, sorted. */
    List<String> names();

    /** An immutable catalog of these specs (a later spec with the same name replaces an earlier one). */
    static ToolCatalog of(Collection<ToolSpec> specs) {
        Map<String, ToolSpec> byName = new TreeMap<>();
        for (ToolSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        Map<String, ToolSpec> frozen = Map.copyOf(byName);
        List<String> names = List.copyOf(byName.keySet());
        return new ToolCatalog() {
            @Override
            public Optional<ToolSpec> find(String name) {
                return Optional.ofNullable(frozen.get(name));
            }

            @Override
            public List<String> names() {
                return names;
            }
        };
    }
}
