package io.planexec.planner.topology;

import io.planexec.model.StepQueues;
import io.planexec.model.ToolSpec;
import io.planexec.planner.topic.TopicChecks;
import io.planexec.topics.ToolRecords;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code tool-registry} store in step with the compacted tools topic: a spec registers (or replaces)
 * its tool, a tombstone removes it. An unreadable spec is logged and leaves the registry as it was. A spec of a custom
 * queue starts finding out whether that queue's topic exists, so the first step released there need not wait.
 */
final class ToolRegistryProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger LOGGER = LoggerFactory.getLogger(ToolRegistryProcessor.class);

    private final WireFormat wire;
    private final Topics topics;
    private final TopicChecks queueTopics;
    private KeyValueStore<String, byte[]> store;

    ToolRegistryProcessor(WireFormat wire, Topics topics, TopicChecks queueTopics) {
        this.wire = wire;
        this.topics = topics;
        this.queueTopics = queueTopics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(PlannerTopology.TOOL_REGISTRY_STORE);
    }

    /** Logs every registered tool on another queue that can write what this one writes (see {@link QueueConflicts}). */
    private void warnOfQueueConflicts(ToolSpec spec) {
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (ToolRecords.of(entry.key, entry.value, wire) instanceof ToolRecords.Register other) {
                    QueueConflicts.between(spec, other.spec())
                            .ifPresent(overlap -> LOGGER.warn(
                                    "tool_queue_conflict tool={} other={} overlap=\"{}\" consequence=\"writes to one"
                                            + " resource are ordered across plans only within one queue: give both"
                                            + " tools the same queue\"",
                                    spec.name(),
                                    other.spec().name(),
                                    overlap));
                }
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ToolRecords.Change change = ToolRecords.of(record.key(), record.value(), wire);
        if (change instanceof ToolRecords.Register r) {
            store.put(record.key(), record.value());
            String queue = r.spec().effectiveQueue();
            if (StepQueues.latencyClass(queue).isEmpty()) {
                queueTopics.prefetch(topics.steps(queue));
            }
            LOGGER.debug(
                    "tool_registered tool={} latency_class={} queue={}",
                    r.spec().name(),
                    r.spec().latencyClass(),
                    queue);
            warnOfQueueConflicts(r.spec());
        } else if (change instanceof ToolRecords.Remove r) {
            store.delete(r.name());
            LOGGER.info("tool_removed tool={}", r.name());
        } else if (change instanceof ToolRecords.Ignore i) {
            LOGGER.warn("tool_spec_ignored tool={} reason=\"{}\"", record.key(), i.reason());
        }
    }
}
