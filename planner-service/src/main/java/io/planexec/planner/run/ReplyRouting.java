package io.planexec.planner.run;

import io.planexec.topics.Topics;
import java.util.Set;

/**
 * Decides where a plan's result goes: the request's {@code reply_to} when it can take it, else the default results
 * topic, with the reason recorded. planexec's own topics other than the results topic are never reply topics (a
 * result there would be read as a request, a step result or a task).
 */
final class ReplyRouting {

    /**
     * Where a result goes.
     *
     * @param topic the topic
     * @param fallbackReason why {@code reply_to} was not used, or {@code null} when it was (or none was given)
     */
    record Route(String topic, String fallbackReason) {}

    private final Topics topics;
    private final ReplyTopics replyTopics;
    private final Set<String> reserved;

    ReplyRouting(Topics topics, ReplyTopics replyTopics) {
        this.topics = topics;
        this.replyTopics = replyTopics;
        Set<String> own = new java.util.HashSet<>(topics.all());
        own.remove(topics.planResults());
        this.reserved = Set.copyOf(own);
    }

    /** Starts checking a requested reply topic, so the answer is ready when the plan finishes. */
    void prefetch(String replyTo) {
        if (replyTo != null && !replyTo.equals(topics.planResults()) && !reserved.contains(replyTo)) {
            replyTopics.prefetch(replyTo);
        }
    }

    Route route(String replyTo) {
        if (replyTo == null || replyTo.equals(topics.planResults())) {
            return new Route(topics.planResults(), null);
        }
        if (reserved.contains(replyTo)) {
            return new Route(topics.planResults(), "reply_to '" + replyTo + "' is one of planexec's own topics");
        }
        ReplyTopics.Verdict verdict = replyTopics.check(replyTo);
        if (verdict.usable()) {
            return new Route(replyTo, null);
        }
        return new Route(
                topics.planResults(), "reply_to '" + replyTo + "' cannot take the result: " + verdict.reason());
    }
}
