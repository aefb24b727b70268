package io.planexec.planner.run;

/** Where a plan run's output records go. The topology forwards each to the sink of its destination. */
@FunctionalInterface
public interface Outbox {

    /** The kinds of output, one sink each. */
    enum Destination {
        /** Step tasks, to {@code <prefix>.steps.<class>}, keyed by routing key. */
        STEP_TASKS,
        /** Plan results, to the request's reply topic (or the default), keyed by plan id. */
        PLAN_RESULTS,
        /** Plan events, to {@code <prefix>.events}, keyed by plan id. */
        PLAN_EVENTS
    }

    /**
     * Sends one record.
     *
     * @param destination which kind of output
     * @param topic the topic
     * @param key the record key
     * @param value the serialized message
     */
    void send(Destination destination, String topic, String key, byte[] value);
}
