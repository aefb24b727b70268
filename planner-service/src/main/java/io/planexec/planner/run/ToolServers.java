package io.planexec.planner.run;

import java.util.Set;

/**
 * What the planner knows of the executors that serve each tool, from their heartbeats on {@code <prefix>.executors}.
 * A step released while no executor of its tool runs gets a start-by time ({@code planner.unserved.timeout.ms}); it
 * fails then if no such executor was seen meanwhile, instead of waiting silently until the plan's deadline.
 */
public interface ToolServers {

    /** Whether an executor serving the tool counts as running at {@code nowMs} (seen lately, not stopped). */
    boolean served(String tool, long nowMs);

    /** When an executor serving the tool was last seen (epoch ms), or {@code -1} if never. */
    long lastSeenMs(String tool);

    /** Who served the tool last and when, for error messages, e.g. {@code executor 'notes-1', stopped at ...}. */
    String describe(String tool);

    /**
     * Why the executor {@code instance}, which reported at {@code callStartedMs} (its clock) that a call started, can no
     * longer report the call's result: it stopped, it restarted since (a later process under the same instance id), or
     * it has not been seen for {@value io.planexec.model.ExecutorHeartbeat#MISSED_BEATS} heartbeat intervals; {@code
     * null} while that same process still runs.
     */
    String gone(String instance, long callStartedMs, long nowMs);

    /**
     * Servers known in advance, always running: for tests and fixed deployments. They follow no heartbeats, so an
     * executor that started a call always counts as gone once the call is overdue.
     */
    static ToolServers always(Set<String> tools) {
        Set<String> copy = Set.copyOf(tools);
        return new ToolServers() {
            @Override
            public boolean served(String tool, long nowMs) {
                return copy.contains(tool);
            }

            @Override
            public long lastSeenMs(String tool) {
                return copy.contains(tool) ? Long.MAX_VALUE : -1;
            }

            @Override
            public String describe(String tool) {
                return copy.contains(tool) ? "served" : "no executor has served it";
            }

            @Override
            public String gone(String instance, long callStartedMs, long nowMs) {
                return "the planner follows no heartbeats of executor '" + instance + "'";
            }
        };
    }
}
