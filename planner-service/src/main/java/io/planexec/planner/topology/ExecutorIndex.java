package io.planexec.planner.topology;

import io.planexec.model.ExecutorHeartbeat;
import io.planexec.planner.run.ToolServers;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executors' latest heartbeats by tool, kept by the global processor of {@code <prefix>.executors} and read by the
 * stream threads when they release steps. Thread-safe.
 */
public final class ExecutorIndex implements ToolServers {

    private final Map<String, ExecutorHeartbeat> byInstance = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ExecutorHeartbeat>> byTool = new ConcurrentHashMap<>();

    /** Records an executor's latest heartbeat, replacing its earlier one. */
    public void put(ExecutorHeartbeat beat) {
        ExecutorHeartbeat before = byInstance.put(beat.instance(), beat);
        if (before != null) {
            for (String tool : before.tools()) {
                if (!beat.tools().contains(tool)) {
                    forget(tool, beat.instance());
                }
            }
        }
        for (String tool : beat.tools()) {
            byTool.computeIfAbsent(tool, t -> new ConcurrentHashMap<>()).put(beat.instance(), beat);
        }
    }

    /** Forgets an executor (its record was deleted from the topic). */
    public void remove(String instance) {
        ExecutorHeartbeat before = byInstance.remove(instance);
        if (before != null) {
            before.tools().forEach(tool -> forget(tool, instance));
        }
    }

    private void forget(String tool, String instance) {
        byTool.computeIfPresent(tool, (t, servers) -> {
            servers.remove(instance);
            return servers.isEmpty() ? null : servers;
        });
    }

    @Override
    public boolean served(String tool, long nowMs) {
        Map<String, ExecutorHeartbeat> servers = byTool.get(tool);
        if (servers == null) {
            return false;
        }
        Instant now = Instant.ofEpochMilli(nowMs);
        for (ExecutorHeartbeat beat : servers.values()) {
            if (beat.liveAt(now)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String gone(String instance, long callStartedMs, long nowMs) {
        ExecutorHeartbeat beat = byInstance.get(instance);
        if (beat == null) {
            return "no heartbeat of executor '" + instance + "' has been seen";
        }
        if (beat.stoppedAt() != null) {
            return "executor '" + instance + "' stopped at " + beat.stoppedAt();
        }
        if (beat.startedAt().toEpochMilli() > callStartedMs) {
            return "executor '" + instance + "' restarted at " + beat.startedAt() + ", after the call started";
        }
        if (!beat.liveAt(Instant.ofEpochMilli(nowMs))) {
            return "executor '" + instance + "' was last seen at " + beat.seenAt() + " (its heartbeats come every "
                    + beat.intervalMs() + " ms)";
        }
        return null;
    }

    @Override
    public long lastSeenMs(String tool) {
        ExecutorHeartbeat last = last(tool);
        return last == null ? -1 : last.seenAt().toEpochMilli();
    }

    @Override
    public String describe(String tool) {
        ExecutorHeartbeat last = last(tool);
        if (last == null) {
            return "no executor serving it has been seen";
        }
        return "it was last served by executor '" + last.instance() + "' (queue "
                + String.join(", ", last.queues()) + "), "
                + (last.stoppedAt() != null ? "which stopped at " + last.stoppedAt() : "last seen at " + last.seenAt());
    }

    private ExecutorHeartbeat last(String tool) {
        Map<String, ExecutorHeartbeat> servers = byTool.get(tool);
        if (servers == null) {
            return null;
        }
        ExecutorHeartbeat last = null;
        for (ExecutorHeartbeat beat : servers.values()) {
            if (last == null || beat.seenAt().isAfter(last.seenAt())) {
                last = beat;
            }
        }
        return last;
    }
}
