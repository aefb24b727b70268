package io.planexec.planner.run;

import io.planexec.topics.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides where a plan's result is delivered besides {@code <prefix>.plan-results}, where every result is published:
 * the requested {@code reply_to} topics, each once. The planner never writes to them itself (a missing or forbidden
 * topic would block its producer and with it every plan of the task): it names them in headers of the result record,
 * and the reply forwarder copies the record there. planexec's own topics other than the results topic are never reply
 * topics (a result there would be read as a request, a step result or a task).
 */
final class ReplyRouting {

    /**
     * Where a result goes.
     *
     * @param copies the reply topics it is copied to, in the order asked, without duplicates
     * @param refusals why a requested reply topic is not among them, one text each
     */
    record Route(List<String> copies, List<String> refusals) {

        Route {
            copies = List.copyOf(copies);
            refusals = List.copyOf(refusals);
        }
    }

    private final Topics topics;
    private final Set<String> reserved;

    ReplyRouting(Topics topics) {
        this.topics = topics;
        Set<String> own = new HashSet<>(topics.all());
        own.remove(topics.planResults());
        this.reserved = Set.copyOf(own);
    }

    /** The topic every result is published to. */
    String resultsTopic() {
        return topics.planResults();
    }

    /** The route for the reply topics asked for ({@code null} entries and the results topic itself add nothing). */
    Route route(Collection<String> replyTos) {
        Set<String> copies = new LinkedHashSet<>();
        List<String> refusals = new ArrayList<>();
        for (String replyTo : replyTos) {
            if (replyTo == null || replyTo.equals(topics.planResults()) || copies.contains(replyTo)) {
                continue;
            }
            if (reserved.contains(replyTo)) {
                refusals.add("reply_to '" + replyTo + "' is one of planexec's own topics");
            } else {
                copies.add(replyTo);
            }
        }
        return new Route(new ArrayList<>(copies), refusals);
    }

    /** Whether a reply topic would be copied to (not absent, not the results topic, not one of planexec's own). */
    boolean isCopyTarget(String replyTo) {
        return replyTo != null && !replyTo.equals(topics.planResults()) && !reserved.contains(replyTo);
    }
}
