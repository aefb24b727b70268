package io.planexec.cli.explain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.planexec.model.PlanError;
import io.planexec.model.PlanStep;
import io.planexec.model.ResourceTemplate.Resource;
import io.planexec.plan.Edge;
import io.planexec.plan.EdgeReason;
import io.planexec.plan.PlannedStep;
import io.planexec.wire.StrictJson;
import io.planexec.wire.WireFormat;
import java.util.List;

/** The explain output as JSON: a contract documented in docs/protocol.md ("Explain output") with its schema. */
final class JsonRenderer {

    private JsonRenderer() {}

    static ObjectNode render(ExplainReport report, StrictJson json) {
        ObjectNode root = json.objectNode();
        root.put("schema_version", WireFormat.SCHEMA_VERSION);
        if (report.planId() == null) {
            root.putNull("plan_id");
        } else {
            root.put("plan_id", report.planId());
        }
        root.put("status", report.accepted() ? "OK" : "REJECTED");
        ArrayNode errors = root.putArray("errors");
        for (PlanError e : report.errors()) {
            ObjectNode n = errors.addObject();
            ArrayNode steps = n.putArray("steps");
            e.steps().forEach(steps::add);
            n.put("message", e.message());
        }
        ArrayNode steps = root.putArray("steps");
        ArrayNode edges = root.putArray("edges");
        ArrayNode levels = root.putArray("levels");
        ArrayNode critical = root.putArray("critical_path");
        if (!report.accepted()) {
            for (PlanStep s : report.steps()) {
                ObjectNode n = steps.addObject();
                n.put("id", s.id());
                n.put("tool", s.tool());
            }
            return root;
        }
        for (PlannedStep s : report.plan().steps()) {
            ObjectNode n = steps.addObject();
            n.put("id", s.id());
            n.put("tool", s.step().tool());
            n.put("latency_class", s.latencyClass().name());
            n.put("routing_key", s.routingKey());
            if (s.hasResourceInfo()) {
                resources(n.putArray("reads"), s.reads());
                resources(n.putArray("writes"), s.writes());
            } else {
                n.putNull("reads");
                n.putNull("writes");
            }
            if (s.error() == null) {
                n.putNull("error");
            } else {
                n.put("error", s.error());
            }
        }
        for (Edge e : report.plan().edges()) {
            ObjectNode n = edges.addObject();
            n.put("from", e.from());
            n.put("to", e.to());
            n.put("data_flow", e.isDataFlow());
            ArrayNode reasons = n.putArray("reasons");
            for (EdgeReason r : e.reasons()) {
                reasons.addObject().put("kind", r.kind().wireName()).put("detail", r.detail());
            }
        }
        for (List<String> level : report.plan().analysis().levels()) {
            ArrayNode l = levels.addArray();
            level.forEach(l::add);
        }
        report.plan().analysis().criticalPath().forEach(critical::add);
        root.put("critical_path_ms", report.plan().analysis().criticalPathMs());
        root.put("serial_ms", report.plan().analysis().serialMs());
        root.put("max_width", report.plan().analysis().maxWidth());
        return root;
    }

    private static void resources(ArrayNode array, List<Resource> resources) {
        resources.forEach(r -> array.add(r.toString()));
    }
}
