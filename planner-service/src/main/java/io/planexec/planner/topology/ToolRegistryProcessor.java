package io.planexec.planner.topology;

import io.planexec.model.ToolSpec;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code tool-registry} store in step with the compacted tools topic: a spec registers (or replaces)
 * its tool, a tombstone removes it. An unreadable spec is logged and leaves the registry as it was.
 */
final class ToolRegistryProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger LOGGER = LoggerFactory.getLogger(ToolRegistryProcessor.class);

    private final WireFormat wire;
    private KeyValueStore<String, byte[]> store;

    ToolRegistryProcessor(WireFormat wire) {
        this.wire = wire;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(PlannerTopology.TOOL_REGISTRY_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String name = record.key();
        if (name == null) {
            LOGGER.warn("tool_spec_ignored reason=\"record without a key (the key must be the tool name)\"");
            return;
        }
        if (record.value() == null) {
            store.delete(name);
            LOGGER.info("tool_removed tool={}", name);
            return;
        }
        try {
            ToolSpec spec = wire.readToolSpec(record.value());
            if (!spec.name().equals(name)) {
                LOGGER.warn("tool_spec_ignored tool={} reason=\"the spec names tool '{}'\"", name, spec.name());
                return;
            }
            store.put(name, record.value());
            LOGGER.debug("tool_registered tool={} latency_class={}", name, spec.latencyClass());
        } catch (WireFormatException e) {
            LOGGER.warn("tool_spec_ignored tool={} reason=\"{}\"", name, e.getMessage());
        }
    }
}
