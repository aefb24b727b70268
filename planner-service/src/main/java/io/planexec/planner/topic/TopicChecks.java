package io.planexec.planner.topic;

import java.util.Set;

/**
 * Whether a topic the planner does not own can take records: an agent's reply topic, a custom task queue's step topic.
 * The planner asks before it sends there, so that a missing or forbidden topic costs that one record (the step fails
 * with the reason, the result stays on the results topic) rather than a producer blocked on the topic's metadata.
 */
public interface TopicChecks {

    /**
     * The answer for one topic.
     *
     * @param usable whether records may be sent there
     * @param reason why not, for the plan's events and the log; {@code null} when usable
     */
    record Verdict(boolean usable, String reason) {

        public static final Verdict USABLE = new Verdict(true, null);

        public static Verdict unusable(String reason) {
            return new Verdict(false, reason);
        }
    }

    /** Starts finding out about a topic without waiting, so that several lookups run at once. */
    default void prefetch(String topic) {}

    /** Whether records may be sent to the topic; may wait a bounded time for the answer. */
    Verdict check(String topic);

    /** Sending to the topic failed: it is unusable for a while, for this reason. */
    default void failed(String topic, String reason) {}

    /** Topics known in advance: every other topic is reported missing. For tests and fixed deployments. */
    static TopicChecks fixed(Set<String> existing) {
        Set<String> copy = Set.copyOf(existing);
        return topic ->
                copy.contains(topic) ? Verdict.USABLE : Verdict.unusable("topic '" + topic + "' does not exist");
    }
}
