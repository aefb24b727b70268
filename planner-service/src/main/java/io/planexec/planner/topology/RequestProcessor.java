package io.planexec.planner.topology;

import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.RequestMessage;
import io.planexec.model.TraceContext;
import io.planexec.planner.run.PlanEngine;
import io.planexec.planner.topology.PlannerTopology.Dependencies;
import io.planexec.topics.TraceHeaders;
import io.planexec.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code <prefix>.requests}: plans and cancel requests. Unreadable records go to the dead-letter topic (and are
 * answered with a REJECTED result when their plan id can be recovered); a request keyed by anything but its plan id,
 * or on a partition other than the one its plan id hashes to, is published again keyed by its plan id, so that its
 * step results reach the task that owns its state.
 */
final class RequestProcessor implements Processor<byte[], byte[], Object, Object> {

    /** Marks a request the planner has published again under its plan id; it is never moved twice. */
    static final String REKEYED = "planexec.rekeyed";

    private static final Logger LOGGER = LoggerFactory.getLogger(RequestProcessor.class);

    private final Dependencies deps;
    private ProcessorContext<Object, Object> context;
    private PlanEngine engine;
    private ForwardingPassOutput output;
    private DeadLetters deadLetters;
    private String taskId;

    RequestProcessor(Dependencies deps) {
        this.deps = deps;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.taskId = context.taskId().toString();
        this.output = new ForwardingPassOutput(context);
        this.engine = PlannerTopology.engine(context, deps, output, true);
        this.deadLetters = new DeadLetters(context, deps.topics().deadLetters(), deps.metrics(), "requests");
        AtomicLong active = deps.metrics().activePlans(taskId);
        active.set(engine.countRunning());
        PlannerTopology.startClock(context, deps, engine, output);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        try {
            handle(record);
            PlannerTopology.commitIfAwaited(context, deps, output, record.timestamp());
        } catch (KafkaException e) {
            throw e; // Streams' own failures (fencing, migration, store errors) are for Streams to handle
        } catch (RuntimeException e) {
            LOGGER.error("request_failed error=\"{}\"", e.toString(), e);
            deadLetters.send(record, "internal error while processing the request: " + e, "");
        }
    }

    @Override
    public void close() {
        deps.metrics().taskClosed(taskId);
    }

    private void handle(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        byte[] value = record.value();
        Supplier<String> digest = () -> digest(value);
        if (value == null) {
            deadLetters.send(record, "empty record: a request must be a JSON document", "");
            return;
        }
        RequestMessage message;
        try {
            message = deps.wire().readRequest(value);
        } catch (WireFormatException e) {
            deadLetters.send(record, e.getMessage(), e.path());
            String planId = recoverPlanId(record.key(), value);
            if (planId != null) {
                engine.unreadable(
                        planId, deps.wire().recoverReplyTo(value), e.getMessage(), trace(record), digest, now);
            }
            return;
        }
        if (misplaced(record, message.planId())) {
            rekey(record, message.planId());
            context.commit();
            return;
        }
        if (message instanceof AgentRequest request) {
            engine.submit(request, trace(record), digest, now);
        } else if (message instanceof CancelRequest cancel) {
            engine.cancel(cancel, TraceHeaders.read(record.headers()).orElse(null), now);
        }
    }

    /** The trace context the request's record carries, or a new one when it carries none (or an invalid one). */
    private static TraceContext trace(Record<byte[], byte[]> record) {
        return TraceHeaders.read(record.headers()).orElseGet(() -> TraceContext.start(ThreadLocalRandom.current()));
    }

    /** Whether the request is not where its plan's step results will arrive: keyed otherwise, or hashed elsewhere. */
    private boolean misplaced(Record<byte[], byte[]> record, String planId) {
        if (record.headers().lastHeader(REKEYED) != null) {
            return false;
        }
        byte[] key = record.key();
        if (key == null || !planId.equals(new String(key, StandardCharsets.UTF_8))) {
            return true;
        }
        int partitions = deps.requestPartitions();
        Optional<RecordMetadata> metadata = context.recordMetadata();
        if (partitions <= 0 || metadata.isEmpty()) {
            return false;
        }
        return Utils.toPositive(Utils.murmur2(key)) % partitions
                != metadata.get().partition();
    }

    private void rekey(Record<byte[], byte[]> record, String planId) {
        String was = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(REKEYED, was.getBytes(StandardCharsets.UTF_8));
        context.forward(
                new Record<>(
                        planId.getBytes(StandardCharsets.UTF_8),
                        new Routed(deps.topics().requests(), record.value()),
                        context.currentSystemTimeMs(),
                        headers),
                PlannerTopology.REQUESTS_REKEY_SINK);
        LOGGER.info(
                "request_rekeyed plan_id={} key=\"{}\" partition={}",
                planId,
                was,
                context.recordMetadata().map(RecordMetadata::partition).orElse(-1));
    }

    /** The plan id of an unreadable request: its {@code plan_id} if that can be read, else its record key. */
    private String recoverPlanId(byte[] key, byte[] value) {
        String fromDocument = deps.wire().recoverPlanId(value);
        if (fromDocument != null) {
            return fromDocument;
        }
        String fromKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
        return AgentRequest.isPlanId(fromKey) ? fromKey : null;
    }

    private static String digest(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
