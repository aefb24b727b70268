package io.planexec.planner.topology;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A serialized message and the topic it goes to: the value of every record the planner's processors forward to a
 * sink.
 *
 * @param topic the target topic
 * @param payload the bytes to write (may be {@code null} for a dead-lettered tombstone)
 */
@SuppressWarnings("ArrayRecordComponent") // the bytes of a record on their way to a sink; never compared or hashed
record Routed(String topic, byte[] payload) {

    /** Writes the payload as it is. */
    static final Serializer<Routed> SERIALIZER = (topic, routed) -> routed == null ? null : routed.payload();

    /** Picks the topic the value names. */
    static final TopicNameExtractor<Object, Routed> TOPIC = (key, routed, context) -> routed.topic();
}
