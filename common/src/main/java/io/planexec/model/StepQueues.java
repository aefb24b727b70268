package io.planexec.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Task queues: the step topics executors consume. A tool's steps go to its spec's {@code queue}, or, when the spec
 * names none, to its latency class's queue ({@code fast}, {@code medium}, {@code slow}, {@code very_slow}). Queue
 * {@code q} is the topic {@code <prefix>.steps.q}, consumed by the executor group {@code <prefix>-executor-q}.
 * Executors that serve different tools consume different queues, so a task never reaches an executor without its
 * tool.
 */
public final class StepQueues {

    /** What a queue name may hold: it becomes part of a topic name, a group id and transactional ids. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");

    private StepQueues() {}

    /**
     * Checks a queue name.
     *
     * @param where what names the queue, for the error (e.g. {@code tool 'putNote': queue})
     * @throws IllegalArgumentException naming the problem
     */
    public static String requireValid(String queue, String where) {
        if (queue == null || !NAME.matcher(queue).matches()) {
            throw new IllegalArgumentException(where + " must match [A-Za-z0-9_-]{1,100} (it becomes part of the"
                    + " topic name <prefix>.steps.<queue>), got " + (queue == null ? "null" : "'" + queue + "'"));
        }
        return queue;
    }

    /** The queue of a latency class: its topic suffix. */
    public static String of(LatencyClass latencyClass) {
        return latencyClass.topicSuffix();
    }

    /** The latency class whose queue this is, if it is one (those topics always exist). */
    public static Optional<LatencyClass> latencyClass(String queue) {
        return Arrays.stream(LatencyClass.values())
                .filter(c -> c.topicSuffix().equals(queue))
                .findFirst();
    }
}
