package io.planexec.wire;

import static io.planexec.wire.Writes.putOpt;
import static io.planexec.wire.Writes.putStrings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.planexec.model.LatencyClass;
import io.planexec.model.RateLimit;
import io.planexec.model.ToolSpec;
import java.util.List;
import java.util.Map;

/** Tool specs, as executors publish them to {@code planexec.tools} and as {@code --tools} files hold them. */
final class ToolSpecCodec {

    private final StrictJson json;

    ToolSpecCodec(StrictJson json) {
        this.json = json;
    }

    ToolSpec read(JsonObj o) {
        String name = o.requireString("name");
        String description = o.optString("description");
        Map<String, Object> parameters = o.optObjectValue("parameters");
        List<String> reads = o.optStrings("reads");
        List<String> writes = o.optStrings("writes");
        boolean idempotent = o.optBoolean("idempotent", false);
        Integer cap = o.optInt("concurrency_cap");
        LatencyClass latencyClass = o.optEnum("latency_class", LatencyClass.class);
        Long timeoutMs = o.optLong("timeout_ms");
        Integer maxRetries = o.optInt("max_retries");
        String routingKey = o.optString("routing_key");
        String queue = o.optString("queue");
        JsonObj rate = o.optObject("rate_limit");
        Integer rateCalls = rate == null ? null : rate.requireInt("calls");
        Long ratePerMs = rate == null ? null : rate.requireLong("per_ms");
        return o.build(() -> new ToolSpec(
                name,
                description,
                parameters,
                reads,
                writes,
                idempotent,
                cap,
                latencyClass,
                timeoutMs == null ? ToolSpec.DEFAULT_TIMEOUT_MS : timeoutMs,
                maxRetries,
                routingKey,
                queue,
                rate == null ? null : new RateLimit(rateCalls, ratePerMs)));
    }

    ObjectNode write(ToolSpec spec) {
        ObjectNode o = json.objectNode();
        o.put("schema_version", WireFormat.SCHEMA_VERSION);
        o.put("name", spec.name());
        o.put("description", spec.description());
        o.set("parameters", json.toNode(spec.parameters()));
        putStrings(o, "reads", spec.reads());
        putStrings(o, "writes", spec.writes());
        o.put("idempotent", spec.idempotent());
        putOpt(o, "concurrency_cap", spec.concurrencyCap());
        o.put("latency_class", spec.latencyClass().name());
        o.put("timeout_ms", spec.timeoutMs());
        putOpt(o, "max_retries", spec.maxRetries());
        putOpt(o, "routing_key", spec.routingKey());
        putOpt(o, "queue", spec.queue());
        if (spec.rateLimit() != null) {
            ObjectNode rate = o.putObject("rate_limit");
            rate.put("calls", spec.rateLimit().calls());
            rate.put("per_ms", spec.rateLimit().perMs());
        }
        return o;
    }
}
