package io.planexec.topics;

import io.planexec.model.LatencyClass;
import io.planexec.model.StepQueues;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of planexec's topics under one configurable prefix (default {@code planexec}).
 *
 * @param prefix the prefix, without the trailing dot
 */
public record Topics(String prefix) {

    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._\\-]{1,200}");

    /** The default prefix. */
    public static final String DEFAULT_PREFIX = "planexec";

    public static final Topics DEFAULT = new Topics(DEFAULT_PREFIX);

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix must match [A-Za-z0-9._-]{1,200}, got '" + prefix + "'");
        }
    }

    /** Agent requests and cancel requests, keyed by plan id. Co-partitioned with {@link #stepResults()}. */
    public String requests() {
        return prefix + ".requests";
    }

    /** Step results and STARTED notices, keyed by plan id. */
    public String stepResults() {
        return prefix + ".step-results";
    }

    /** Released steps of one latency class (its queue), keyed by routing key. */
    public String steps(LatencyClass latencyClass) {
        return steps(StepQueues.of(latencyClass));
    }

    /** Released steps of one task queue ({@link StepQueues}), keyed by routing key. */
    public String steps(String queue) {
        return prefix + ".steps." + StepQueues.requireValid(queue, "queue");
    }

    /** The default reply topic for plan results, keyed by plan id. */
    public String planResults() {
        return prefix + ".plan-results";
    }

    /** Every plan's lifecycle trace, keyed by plan id. */
    public String events() {
        return prefix + ".events";
    }

    /** Tool specs, compacted, keyed by tool name. */
    public String tools() {
        return prefix + ".tools";
    }

    /** Executor heartbeats: which instances serve which tools, and when they were last seen. Compacted, by instance. */
    public String executors() {
        return prefix + ".executors";
    }

    /** Records that could not be processed, with headers naming the error. */
    public String deadLetters() {
        return prefix + ".dead-letters";
    }

    /** Every topic planexec owns, except the agents' own reply topics and the topics of queues other than the classes'. */
    public List<String> all() {
        List<String> all = new ArrayList<>(
                List.of(requests(), stepResults(), planResults(), events(), tools(), executors(), deadLetters()));
        for (LatencyClass c : LatencyClass.values()) {
            all.add(steps(c));
        }
        return List.copyOf(all);
    }
}
