package io.planexec.planner.run;

import java.util.Set;

/**
 * Whether a reply topic can take a plan result. A result sent to a topic that does not exist would block the planner's
 * producer and then stop its task, so an agent's typo in {@code reply_to} must never reach the producer: the planner
 * asks here first and falls back to the default topic when the answer is no.
 */
public interface ReplyTopics {

    /**
     * The answer for one topic.
     *
     * @param usable whether results may be sent there
     * @param reason why not, for the plan's events and the log; {@code null} when usable
     */
    record Verdict(boolean usable, String reason) {

        public static final Verdict USABLE = new Verdict(true, null);

        public static Verdict unusable(String reason) {
            return new Verdict(false, reason);
        }
    }

    /** Starts finding out about a topic without waiting, so the answer is ready when the plan finishes. */
    default void prefetch(String topic) {}

    /** Whether results may be sent to the topic; may wait a bounded time for the answer. */
    Verdict check(String topic);

    /** Topics known in advance: every other topic is reported missing. For tests and fixed deployments. */
    static ReplyTopics fixed(Set<String> existing) {
        Set<String> copy = Set.copyOf(existing);
        return topic ->
                copy.contains(topic) ? Verdict.USABLE : Verdict.unusable("topic '" + topic + "' does not exist");
    }
}
