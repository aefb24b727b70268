package io.planexec.executor.schedule;

/** What {@link KeyedQueue} needs to know about a task. */
public interface Schedulable {

    /** Tasks with equal keys run one at a time, in {@link #sequence()} order. */
    String orderingKey();

    /** The tool the task calls (for per-tool caps). */
    String tool();

    /** Arrival order: offsets of one partition arrive in increasing sequence. */
    long sequence();

    /** The partition the task came from. */
    int partition();
}
