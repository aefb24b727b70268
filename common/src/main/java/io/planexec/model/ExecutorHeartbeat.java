package io.planexec.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An executor process's record in {@code <prefix>.executors} (compacted, keyed by instance id): which tools it serves
 * from which task queues, and when it was last seen. A running executor writes one every {@code intervalMs}; a
 * stopping one writes a last one with {@code stoppedAt}. Records stay when executors stop, so the registry tells when
 * each tool was last served.
 *
 * @param instance the executor's instance id
 * @param queues the task queues it consumes
 * @param tools the tools it serves
 * @param startedAt when the process started
 * @param seenAt when it wrote this record (its clock)
 * @param intervalMs how often it writes one
 * @param stoppedAt when it stopped, on its last record; {@code null} while it runs
 */
public record ExecutorHeartbeat(
        String instance,
        List<String> queues,
        List<String> tools,
        Instant startedAt,
        Instant seenAt,
        long intervalMs,
        Instant stoppedAt) {

    /** How many heartbeats in a row an executor may miss before it counts as gone. */
    public static final int MISSED_BEATS = 3;

    public ExecutorHeartbeat {
        if (instance == null || instance.isEmpty()) {
            throw new IllegalArgumentException("instance must not be empty");
        }
        queues = JsonValues.freezeStrings(Objects.requireNonNullElse(queues, List.of()), "queues");
        tools = JsonValues.freezeStrings(Objects.requireNonNullElse(tools, List.of()), "tools");
        if (startedAt == null || seenAt == null) {
            throw new IllegalArgumentException("started_at and seen_at must be given");
        }
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("interval_ms must be positive, got " + intervalMs);
        }
    }

    /** Whether it counts as running at {@code now}: not stopped, and seen within {@link #MISSED_BEATS} intervals. */
    public boolean liveAt(Instant now) {
        return stoppedAt == null && now.isBefore(seenAt.plus(Duration.ofMillis(intervalMs * MISSED_BEATS)));
    }

    /** The same executor, seen again at {@code at}. */
    public ExecutorHeartbeat seen(Instant at) {
        return new ExecutorHeartbeat(instance, queues, tools, startedAt, at, intervalMs, null);
    }

    /** Its last record: stopped at {@code at}. */
    public ExecutorHeartbeat stopped(Instant at) {
        return new ExecutorHeartbeat(instance, queues, tools, startedAt, at, intervalMs, at);
    }
}
