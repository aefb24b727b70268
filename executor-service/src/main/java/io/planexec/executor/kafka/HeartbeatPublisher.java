package io.planexec.executor.kafka;

import io.planexec.executor.tool.ToolSelection;
import io.planexec.model.ExecutorHeartbeat;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this executor's heartbeat to {@code <prefix>.executors} (compacted, keyed by instance id): the tools it
 * serves and the queues it consumes, when it starts, on every {@link #beat()}, and a last time with {@code stopped_at}
 * when it stops. Planners use it to tell a tool nobody serves from a busy one; {@code planexec tools} shows it.
 * Thread-safe.
 */
public final class HeartbeatPublisher {

    private static final Logger LOGGER = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final WireFormat wire;
    private final ToolSelection selection;
    private final String instance;
    private final long intervalMs;
    private final Clock clock;
    private final Instant startedAt;
    private volatile boolean warned;

    /**
     * @param producer a producer of the tools and executors topics; not closed here
     * @param intervalMs how often {@link #beat()} is called
     */
    public HeartbeatPublisher(
            Producer<String, byte[]> producer,
            Topics topics,
            WireFormat wire,
            ToolSelection selection,
            String instance,
            long intervalMs,
            Clock clock) {
        this.producer = producer;
        this.topics = topics;
        this.wire = wire;
        this.selection = selection;
        this.instance = instance;
        this.intervalMs = intervalMs;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /**
     * Publishes the first heartbeat and waits for the broker to take it, so a planner may know the tools are served
     * before their first task is taken.
     *
     * @throws IllegalStateException when it cannot be published in time
     */
    public void start(Duration timeout) throws InterruptedException {
        try {
            send(current(null)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot publish the heartbeat of executor '" + instance + "' to " + topics.executors() + ": "
                            + (e.getCause() == null ? e : e.getCause()),
                    e);
        }
        LOGGER.info("topic={} heartbeat_interval_ms={} state=heartbeating", topics.executors(), intervalMs);
    }

    /**
     * Publishes a heartbeat without waiting; a failure, reported by the send or thrown by it (its buffer full, no
     * metadata in time), is logged and the next beat tries again. It never throws: it runs on a schedule, which a task
     * that throws would end for good, and an executor without heartbeats looks dead to the planners.
     */
    @SuppressWarnings("FutureReturnValueIgnored") // the send's callback reports a failure
    public void beat() {
        try {
            producer.send(record(current(null)), (metadata, error) -> published(error));
        } catch (RuntimeException e) {
            published(e);
        }
    }

    private void published(Exception error) {
        if (error != null && !warned) {
            warned = true;
            LOGGER.warn("topic={} heartbeat_published=false error=\"{}\"", topics.executors(), error.toString());
        } else if (error == null && warned) {
            warned = false;
            LOGGER.info("topic={} heartbeat_published=true", topics.executors());
        }
    }

    /** Publishes the last heartbeat, with {@code stopped_at}, and waits up to {@code timeout} for it. */
    public void stop(Duration timeout) {
        Instant now = clock.instant();
        try {
            send(current(now)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOGGER.warn(
                    "topic={} last_heartbeat_published=false error=\"{}\"",
                    topics.executors(),
                    (e.getCause() == null ? e : e.getCause()).toString());
        }
    }

    /** The heartbeat as of now; stopped at {@code stoppedAt} unless {@code null}. */
    ExecutorHeartbeat current(Instant stoppedAt) {
        Instant seen = stoppedAt != null ? stoppedAt : clock.instant();
        List<String> queues = List.copyOf(selection.queues());
        return new ExecutorHeartbeat(instance, queues, selection.names(), startedAt, seen, intervalMs, stoppedAt);
    }

    private java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(ExecutorHeartbeat b) {
        return producer.send(record(b));
    }

    private ProducerRecord<String, byte[]> record(ExecutorHeartbeat beat) {
        return new ProducerRecord<>(topics.executors(), instance, wire.writeExecutorHeartbeat(beat));
    }
}
