package io.planexec.planner.run;

import java.util.List;
import java.util.Objects;

/** Where the output records of a pass over a plan go. The topology forwards each to the sink of its destination. */
@FunctionalInterface
public interface PassOutput {

    /** The kinds of output, one sink each. */
    enum Destination {
        /** Step tasks, to {@code <prefix>.steps.<class>}, keyed by routing key. */
        STEP_TASKS,
        /** Plan results, to {@code <prefix>.plan-results}, keyed by plan id. */
        PLAN_RESULTS,
        /** Plan events, to {@code <prefix>.events}, keyed by plan id. */
        PLAN_EVENTS,
        /** The planner's notes that a timer fell due, to {@code <prefix>.step-results}, keyed by plan id. */
        TIMER_CHECKS
    }

    /**
     * A record header, its value as UTF-8 text.
     *
     * @param name the header's name
     * @param value its value
     */
    record Header(String name, String value) {

        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Sends one record.
     *
     * @param destination which kind of output
     * @param topic the topic
     * @param key the record key
     * @param value the serialized message
     * @param headers the record's headers, in order
     */
    void send(Destination destination, String topic, String key, byte[] value, List<Header> headers);

    /** Sends one record without headers. */
    default void send(Destination destination, String topic, String key, byte[] value) {
        send(destination, topic, key, value, List.of());
    }
}
