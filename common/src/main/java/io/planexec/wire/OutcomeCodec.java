package io.planexec.wire;

import static io.planexec.wire.Writes.putOpt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.planexec.model.Dialect;
import io.planexec.model.PlanError;
import io.planexec.model.PlanEvent;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStats;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepOutcome;
import io.planexec.model.StepStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the planner reports: PlanResult and PlanEvent. */
final class OutcomeCodec {

    private final StrictJson json;

    OutcomeCodec(StrictJson json) {
        this.json = json;
    }

    PlanResult readResult(JsonObj o) {
        String planId = o.requireString("plan_id");
        PlanStatus status = o.requireEnum("status", PlanStatus.class);
        Dialect dialect = o.optEnum("dialect", Dialect.class);
        List<Map<String, Object>> messages = o.optObjects("messages", JsonObj::value);
        Map<String, StepOutcome> steps = new LinkedHashMap<>();
        JsonObj stepsObj = o.optObject("steps");
        if (stepsObj != null) {
            for (Map.Entry<String, JsonNode> e : stepsObj.node().properties()) {
                steps.put(e.getKey(), readOutcome(JsonObj.of(e.getValue(), stepsObj.pathOf(e.getKey()))));
            }
        }
        PlanStats stats = null;
        JsonObj statsObj = o.optObject("stats");
        if (statsObj != null) {
            long makespan = statsObj.requireLong("makespan_ms");
            long critical = statsObj.requireLong("critical_path_ms");
            long serial = statsObj.requireLong("serial_ms");
            stats = new PlanStats(makespan, critical, serial);
        }
        List<PlanError> errors = o.optObjects("errors", e -> {
            List<String> errorSteps = e.optStrings("steps");
            String message = e.requireString("message");
            return e.build(() -> new PlanError(errorSteps, message));
        });
        PlanStats finalStats = stats;
        return o.build(() -> new PlanResult(planId, status, dialect, messages, steps, finalStats, errors));
    }

    private static StepOutcome readOutcome(JsonObj o) {
        StepStatus status = o.requireEnum("status", StepStatus.class);
        Integer attempts = o.optInt("attempts");
        Instant readyAt = o.optInstant("ready_at");
        Instant startedAt = o.optInstant("started_at");
        Instant finishedAt = o.optInstant("finished_at");
        String executor = o.optString("executor");
        Object output = o.optValue("output");
        String error = o.optString("error");
        return o.build(() -> new StepOutcome(
                status, attempts == null ? 0 : attempts, readyAt, startedAt, finishedAt, executor, output, error));
    }

    ObjectNode writeResult(PlanResult r) {
        ObjectNode o = json.objectNode();
        o.put("schema_version", WireFormat.SCHEMA_VERSION);
        o.put("plan_id", r.planId());
        o.put("status", r.status().name());
        o.put("dialect", r.dialect().name());
        ArrayNode messages = o.putArray("messages");
        r.messages().forEach(m -> messages.add(json.toNode(m)));
        ObjectNode steps = o.putObject("steps");
        r.steps().forEach((id, s) -> {
            ObjectNode n = steps.putObject(id);
            n.put("status", s.status().name());
            n.put("attempts", s.attempts());
            putOpt(n, "ready_at", s.readyAt());
            putOpt(n, "started_at", s.startedAt());
            putOpt(n, "finished_at", s.finishedAt());
            putOpt(n, "executor", s.executor());
            if (s.output() != null) {
                n.set("output", json.toNode(s.output()));
            }
            putOpt(n, "error", s.error());
        });
        ObjectNode stats = o.putObject("stats");
        stats.put("makespan_ms", r.stats().makespanMs());
        stats.put("critical_path_ms", r.stats().criticalPathMs());
        stats.put("serial_ms", r.stats().serialMs());
        ArrayNode errors = o.putArray("errors");
        for (PlanError e : r.errors()) {
            ObjectNode n = errors.addObject();
            ArrayNode s = n.putArray("steps");
            e.steps().forEach(s::add);
            n.put("message", e.message());
        }
        return o;
    }

    PlanEvent readEvent(JsonObj o) {
        String planId = o.requireString("plan_id");
        PlanEventType type = o.requireEnum("type", PlanEventType.class);
        Integer version = o.optInt("schema_version");
        if (version != null && version < type.sinceVersion()) {
            throw new WireFormatException(
                    o.pathOf("type"),
                    type + " is a type of plan event version " + type.sinceVersion() + ", not " + version);
        }
        String stepId = o.optString("step_id");
        String status = o.optString("status");
        Integer release = o.optInt("release");
        Integer attempts = o.optInt("attempts");
        Integer former = o.optInt("attempt");
        if (former != null && release == null && attempts == null) {
            // written by a planner before release and attempts had names of their own: one field for both
            if (type.isStepEnd()) {
                attempts = former;
            } else {
                release = former;
            }
        }
        Instant at = o.requireInstant("at");
        String detail = o.optString("detail");
        Integer r = release;
        Integer a = attempts;
        return o.build(() -> new PlanEvent(planId, type, stepId, status, r, a, at, detail));
    }

    ObjectNode writeEvent(PlanEvent e) {
        ObjectNode o = json.objectNode();
        o.put("schema_version", e.type().sinceVersion());
        o.put("plan_id", e.planId());
        o.put("type", e.type().name());
        putOpt(o, "step_id", e.stepId());
        putOpt(o, "status", e.status());
        putOpt(o, "release", e.release());
        putOpt(o, "attempts", e.attempts());
        // for readers of the previous release, which know only this field: dropped in the next release
        putOpt(o, "attempt", e.release() != null ? e.release() : e.attempts());
        o.put("at", Instants.format(e.at()));
        putOpt(o, "detail", e.detail());
        return o;
    }
}
