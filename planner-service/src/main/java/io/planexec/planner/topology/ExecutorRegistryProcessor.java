package io.planexec.planner.topology;

import io.planexec.model.ExecutorHeartbeat;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code executor-registry} store and the {@link ExecutorIndex} in step with {@code
 * <prefix>.executors}: a heartbeat replaces its executor's earlier one, a tombstone forgets the executor. The index is
 * filled from the store when the processor starts (a restored global store is not replayed through the processor), then
 * follows each record. An unreadable heartbeat is logged and changes nothing.
 */
final class ExecutorRegistryProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger LOGGER = LoggerFactory.getLogger(ExecutorRegistryProcessor.class);

    private final WireFormat wire;
    private final ExecutorIndex index;
    private KeyValueStore<String, byte[]> store;

    ExecutorRegistryProcessor(WireFormat wire, ExecutorIndex index) {
        this.wire = wire;
        this.index = index;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(PlannerTopology.EXECUTOR_REGISTRY_STORE);
        int loaded = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                ExecutorHeartbeat beat = read(entry.key, entry.value);
                if (beat != null) {
                    index.put(beat);
                    loaded++;
                }
            }
        }
        LOGGER.info("executor_registry_loaded executors={}", loaded);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            LOGGER.warn("executor_heartbeat_ignored reason=\"no key (the key must be the instance id)\"");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            index.remove(record.key());
            return;
        }
        ExecutorHeartbeat beat = read(record.key(), record.value());
        if (beat != null) {
            store.put(record.key(), record.value());
            index.put(beat);
        }
    }

    private ExecutorHeartbeat read(String key, byte[] value) {
        try {
            ExecutorHeartbeat beat = wire.readExecutorHeartbeat(value);
            if (!beat.instance().equals(key)) {
                LOGGER.warn(
                        "executor_heartbeat_ignored key={} reason=\"the key differs from its instance '{}'\"",
                        key,
                        beat.instance());
                return null;
            }
            return beat;
        } catch (WireFormatException e) {
            LOGGER.warn("executor_heartbeat_ignored key={} reason=\"{}\"", key, e.getMessage());
            return null;
        }
    }
}
