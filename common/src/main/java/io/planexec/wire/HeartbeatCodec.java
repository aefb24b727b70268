package io.planexec.wire;

import static io.planexec.wire.Writes.putStrings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.planexec.model.ExecutorHeartbeat;
import java.time.Instant;
import java.util.List;

/** Executor heartbeats, as executors publish them to {@code <prefix>.executors}. */
final class HeartbeatCodec {

    private final StrictJson json;

    HeartbeatCodec(StrictJson json) {
        this.json = json;
    }

    ExecutorHeartbeat read(JsonObj o) {
        String instance = o.requireString("instance");
        List<String> queues = o.optStrings("queues");
        List<String> tools = o.optStrings("tools");
        Instant startedAt = o.requireInstant("started_at");
        Instant seenAt = o.requireInstant("seen_at");
        long intervalMs = o.requireLong("interval_ms");
        Instant stoppedAt = o.optInstant("stopped_at");
        return o.build(() -> new ExecutorHeartbeat(instance, queues, tools, startedAt, seenAt, intervalMs, stoppedAt));
    }

    ObjectNode write(ExecutorHeartbeat beat) {
        ObjectNode o = json.objectNode();
        o.put("schema_version", WireFormat.SCHEMA_VERSION);
        o.put("instance", beat.instance());
        putStrings(o, "queues", beat.queues());
        putStrings(o, "tools", beat.tools());
        o.put("started_at", Instants.format(beat.startedAt()));
        o.put("seen_at", Instants.format(beat.seenAt()));
        o.put("interval_ms", beat.intervalMs());
        if (beat.stoppedAt() != null) {
            o.put("stopped_at", Instants.format(beat.stoppedAt()));
        }
        return o;
    }
}
