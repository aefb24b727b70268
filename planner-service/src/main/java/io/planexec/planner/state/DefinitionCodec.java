package io.planexec.planner.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.planexec.model.Dialect;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepQueues;
import io.planexec.model.TraceContext;
import io.planexec.wire.StrictJson;
import io.planexec.wire.WireFormatException;
import io.planexec.wire.WireLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@link PlanDefinition}: one format byte, then deflated JSON. Written once per plan; read once
 * per planner instance and then served from the {@link DefinitionCache}.
 */
public final class DefinitionCodec {

    /** Deflated JSON, format 1. */
    static final byte FORMAT = 1;

    /** Definitions are somewhat larger than the request they come from: allow well beyond the request limit. */
    private static final StrictJson JSON =
            new StrictJson(new WireLimits(64 * 1024 * 1024, 128, 64 * 1024 * 1024, 100, 100_000));

    private DefinitionCodec() {}

    public static byte[] write(PlanDefinition d) {
        ObjectNode root = JSON.objectNode();
        root.put("plan_id", d.planId());
        if (d.replyTo() != null) {
            root.put("reply_to", d.replyTo());
        }
        root.put("dialect", d.dialect().name());
        root.put("accepted_at_ms", d.acceptedAtMs());
        root.put("deadline_ms", d.deadlineMs());
        if (d.trace() != null) {
            root.put("traceparent", d.trace().traceparent());
            if (d.trace().tracestate() != null) {
                root.put("tracestate", d.trace().tracestate());
            }
        }
        ArrayNode order = root.putArray("order");
        d.order().forEach(order::add);
        ObjectNode artifacts = root.putObject("artifacts");
        d.artifactProducers().forEach(artifacts::put);
        ArrayNode steps = root.putArray("steps");
        for (StepDefinition s : d.steps()) {
            ObjectNode n = steps.addObject();
            n.put("id", s.id());
            n.put("tool", s.tool());
            n.set("args", JSON.toNode(s.args()));
            n.put("class", s.latencyClass().name());
            if (!s.queue().equals(StepQueues.of(s.latencyClass()))) {
                n.put("queue", s.queue());
            }
            n.put("key", s.routingKey());
            n.put("timeout_ms", s.timeoutMs());
            n.put("idempotent", s.idempotent());
            n.put("max_retries", s.maxRetries());
            if (s.planningError() != null) {
                n.put("error", s.planningError());
            }
            ArrayNode preds = n.putArray("preds");
            for (Dependency p : s.predecessors()) {
                ArrayNode e = preds.addArray();
                e.add(p.step());
                e.add(p.dataFlow());
                e.add(p.reason());
            }
        }
        byte[] json = JSON.write(root);
        byte[] compressed = Compression.deflate(json);
        byte[] out = new byte[compressed.length + 1];
        out[0] = FORMAT;
        System.arraycopy(compressed, 0, out, 1, compressed.length);
        return out;
    }

    public static PlanDefinition read(byte[] bytes) {
        if (bytes == null || bytes.length < 2 || bytes[0] != FORMAT) {
            throw new IllegalStateException("unreadable plan definition in the state store: format "
                    + (bytes == null || bytes.length == 0 ? "missing" : String.valueOf(bytes[0])));
        }
        byte[] json = Compression.inflate(bytes, 1, bytes.length - 1, "plan definition");
        try {
            JsonNode root = JSON.parse(json);
            List<StepDefinition> steps = new ArrayList<>();
            int index = 0;
            for (JsonNode n : root.get("steps")) {
                List<Dependency> preds = new ArrayList<>();
                for (JsonNode e : n.get("preds")) {
                    preds.add(new Dependency(
                            e.get(0).intValue(),
                            e.get(1).booleanValue(),
                            e.get(2).textValue()));
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> args = (Map<String, Object>) StrictJson.toValue(n.get("args"));
                LatencyClass latencyClass = LatencyClass.valueOf(n.get("class").textValue());
                steps.add(new StepDefinition(
                        index++,
                        n.get("id").textValue(),
                        n.get("tool").textValue(),
                        args,
                        latencyClass,
                        n.hasNonNull("queue") ? n.get("queue").textValue() : StepQueues.of(latencyClass),
                        n.get("key").textValue(),
                        n.get("timeout_ms").longValue(),
                        n.get("idempotent").booleanValue(),
                        n.get("max_retries").intValue(),
                        n.hasNonNull("error") ? n.get("error").textValue() : null,
                        preds));
            }
            List<Integer> order = new ArrayList<>();
            root.get("order").forEach(i -> order.add(i.intValue()));
            Map<String, String> artifacts = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : root.get("artifacts").properties()) {
                artifacts.put(e.getKey(), e.getValue().textValue());
            }
            return new PlanDefinition(
                    root.get("plan_id").textValue(),
                    root.hasNonNull("reply_to") ? root.get("reply_to").textValue() : null,
                    Dialect.valueOf(root.get("dialect").textValue()),
                    root.get("accepted_at_ms").longValue(),
                    root.get("deadline_ms").longValue(),
                    steps,
                    order,
                    artifacts,
                    root.hasNonNull("traceparent")
                            ? TraceContext.of(
                                            root.get("traceparent").textValue(),
                                            root.hasNonNull("tracestate")
                                                    ? root.get("tracestate").textValue()
                                                    : null)
                                    .orElse(null)
                            : null);
        } catch (WireFormatException | NullPointerException | IllegalArgumentException e) {
            throw new IllegalStateException("unreadable plan definition in the state store: " + e.getMessage(), e);
        }
    }
}
