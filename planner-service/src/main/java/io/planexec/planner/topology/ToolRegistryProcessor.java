package io.planexec.planner.topology;

import io.planexec.topics.ToolRecords;
import io.planexec.wire.WireFormat;
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
        ToolRecords.Change change = ToolRecords.of(record.key(), record.value(), wire);
        if (change instanceof ToolRecords.Register r) {
            store.put(record.key(), record.value());
            LOGGER.debug(
                    "tool_registered tool={} latency_class={}",
                    r.spec().name(),
                    r.spec().latencyClass());
        } else if (change instanceof ToolRecords.Remove r) {
            store.delete(r.name());
            LOGGER.info("tool_removed tool={}", r.name());
        } else if (change instanceof ToolRecords.Ignore i) {
            LOGGER.warn("tool_spec_ignored tool={} reason=\"{}\"", record.key(), i.reason());
        }
    }
}
