package io.planexec.executor.kafka;

import io.planexec.executor.tool.ToolSelection;
import io.planexec.executor.tool.ToolboxListener;
import io.planexec.model.ToolSpec;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the specs of the served tools to the compacted {@code <prefix>.tools} topic (key: tool name), and a
 * tombstone when a tool is removed, so planners know what can run.
 */
public final class ToolSpecPublisher implements ToolboxListener, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ToolSpecPublisher.class);

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final WireFormat wire;
    private final ToolSelection selection;

    public ToolSpecPublisher(
            Producer<String, byte[]> producer, Topics topics, WireFormat wire, ToolSelection selection) {
        this.producer = producer;
        this.topics = topics;
        this.wire = wire;
        this.selection = selection;
    }

    /**
     * Publishes every served spec and waits for the broker to acknowledge them.
     *
     * @throws IllegalStateException naming the tool when one cannot be published in time
     */
    public void publishAll(Duration timeout) throws InterruptedException {
        List<ToolSpec> specs = selection.specs();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ToolSpec spec : specs) {
            sent.add(producer.send(new ProducerRecord<>(topics.tools(), spec.name(), wire.writeToolSpec(spec))));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(
                        "cannot publish the spec of tool '" + specs.get(i).name() + "' to " + topics.tools() + ": "
                                + (e.getCause() == null ? e : e.getCause()),
                        e);
            }
        }
        LOGGER.info(
                "topic={} tool_specs_published={}",
                topics.tools(),
                specs.stream().map(ToolSpec::name).toList());
    }

    @Override
    public void registered(ToolSpec spec) {
        if (selection.serves(spec)) {
            send(spec.name(), wire.writeToolSpec(selection.published(spec)));
        } else if (selection.unconsumed(spec)) {
            LOGGER.error(
                    "tool={} queue={} spec_published=false reason=\"this executor does not consume the tool's queue:"
                            + " the queues consumed are fixed at start ({}); restart it with the tool registered\"",
                    spec.name(),
                    selection.queueOf(spec),
                    selection.queues());
        }
    }

    @Override
    public void removed(String name) {
        if (selection.mayServe(name)) {
            send(name, null);
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the send's callback reports a failure
    private void send(String name, byte[] value) {
        producer.send(new ProducerRecord<>(topics.tools(), name, value), (metadata, error) -> {
            if (error != null) {
                LOGGER.error(
                        "tool={} spec_published=false removal={} error=\"{}\"", name, value == null, error.toString());
            } else {
                LOGGER.info("tool={} spec_published=true removal={}", name, value == null);
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
