package io.planexec.planner.topology;

import io.planexec.model.ToolSpec;
import io.planexec.plan.ToolCatalog;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered tools as the planner sees them at planning time: the global {@code tool-registry} store, fed by the
 * compacted tools topic. Parsed specs are remembered while their stored bytes stay the same.
 *
 * <p>The store follows the topic a little behind: a tool registered a moment before a request may not be known yet.
 * Its steps then fail with the list of the known tools, as for a tool nobody registered.
 */
final class StoreToolCatalog implements ToolCatalog {

    private static final Logger LOGGER = LoggerFactory.getLogger(StoreToolCatalog.class);

    @SuppressWarnings(
            "ArrayRecordComponent") // a cache entry: its bytes are compared with Arrays.equals, never the record
    private record Parsed(byte[] bytes, ToolSpec spec) {}

    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final WireFormat wire;
    private final Map<String, Parsed> parsed = new HashMap<>();

    StoreToolCatalog(ReadOnlyKeyValueStore<String, byte[]> store, WireFormat wire) {
        this.store = store;
        this.wire = wire;
    }

    @Override
    public Optional<ToolSpec> find(String name) {
        byte[] bytes = store.get(name);
        if (bytes == null) {
            return Optional.empty();
        }
        Parsed known = parsed.get(name);
        if (known != null && Arrays.equals(known.bytes(), bytes)) {
            return Optional.of(known.spec());
        }
        try {
            ToolSpec spec = wire.readToolSpec(bytes);
            parsed.put(name, new Parsed(bytes, spec));
            return Optional.of(spec);
        } catch (WireFormatException e) {
            LOGGER.warn("tool_spec_unreadable tool={} error=\"{}\"", name, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            it.forEachRemaining(e -> names.add(e.key));
        }
        names.sort(null);
        return names;
    }
}
