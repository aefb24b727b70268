package io.planexec.client;

import io.planexec.model.PlanEvent;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows plan events on {@code <prefix>.events}: every plan's, or one plan's, from now on or from the start of the
 * topic's retention. Events of one plan arrive in order (they share a partition). Unreadable records are logged and
 * skipped.
 *
 * <pre>{@code
 * try (PlanEventStream stream = PlanEventStream.follow(props, Topics.DEFAULT, "p-42", false, System.out::println)) {
 *     ...
 * }
 * }</pre>
 */
public final class PlanEventStream implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlanEventStream.class);

    private final TopicTail tail;

    private PlanEventStream(TopicTail tail) {
        this.tail = tail;
    }

    /**
     * Starts following; returns once the starting positions are fixed, so no later event is missed.
     *
     * @param kafkaProperties client settings, at least {@code bootstrap.servers}
     * @param planId only this plan's events, or {@code null} for every plan
     * @param fromBeginning whether to replay the events still retained before following
     * @param listener called on the stream's own thread with each event
     * @throws IllegalStateException when the topic cannot be read within 30 s (cluster unreachable, topic missing)
     */
    public static PlanEventStream follow(
            Map<String, Object> kafkaProperties,
            Topics topics,
            String planId,
            boolean fromBeginning,
            Consumer<PlanEvent> listener)
            throws InterruptedException {
        WireFormat wire = new WireFormat();
        TopicTail tail =
                new TopicTail(topics.events(), kafkaProperties, "planexec-events", fromBeginning, (key, value) -> {
                    if (planId != null && !planId.equals(key)) {
                        return;
                    }
                    PlanEvent event;
                    try {
                        event = wire.readPlanEvent(value);
                    } catch (WireFormatException e) {
                        LOGGER.warn(
                                "topic={} key={} unreadable plan event skipped: {}",
                                topics.events(),
                                key,
                                e.getMessage());
                        return;
                    }
                    listener.accept(event);
                });
        tail.start(Duration.ofSeconds(30));
        return new PlanEventStream(tail);
    }

    /**
     * Completes once every event that was retained when the stream started has been handed to the listener (at once
     * for a stream that follows from now on): after it, only new events arrive.
     */
    public java.util.concurrent.CompletableFuture<Void> caughtUp() {
        return tail.caughtUp();
    }

    /** Stops following. */
    @Override
    public void close() {
        tail.close();
    }
}
