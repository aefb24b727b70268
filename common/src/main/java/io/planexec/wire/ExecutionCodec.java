package io.planexec.wire;

import static io.planexec.wire.Writes.putOpt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.planexec.model.Attempt;
import io.planexec.model.LatencyClass;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.model.TimerCheck;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The messages on the step topics and the step-results topic: StepTask, StepResult (with its attempts), and the
 * planner's TimerCheck.
 */
final class ExecutionCodec {

    private final StrictJson json;

    ExecutionCodec(StrictJson json) {
        this.json = json;
    }

    StepTask readTask(JsonObj o) {
        String planId = o.requireString("plan_id");
        String stepId = o.requireString("step_id");
        String tool = o.requireString("tool");
        Map<String, Object> args = o.optObjectValue("args");
        int release = readRelease(o);
        String routingKey = o.requireString("routing_key");
        LatencyClass latencyClass = o.requireEnum("latency_class", LatencyClass.class);
        Instant deadline = o.requireInstant("deadline");
        long timeoutMs = o.requireLong("timeout_ms");
        boolean idempotent = o.optBoolean("idempotent", false);
        int maxRetries = o.requireInt("max_retries");
        String idempotencyKey = o.requireString("idempotency_key");
        Instant releasedAt = o.requireInstant("released_at");
        Instant startBy = o.optInstant("start_by");
        return o.build(() -> new StepTask(
                planId,
                stepId,
                tool,
                args,
                release,
                routingKey,
                latencyClass,
                deadline,
                timeoutMs,
                idempotent,
                maxRetries,
                idempotencyKey,
                releasedAt,
                startBy));
    }

    /**
     * A task's release number: {@code release}, or {@code attempt}, its name until planexec 0.1 (a task written by an
     * earlier planner). A task that has both must give the same number in both.
     */
    private static int readRelease(JsonObj o) {
        Integer release = o.optInt("release");
        Integer former = o.optInt("attempt");
        if (release == null && former == null) {
            return o.requireInt("release");
        }
        if (release != null && former != null && !release.equals(former)) {
            throw new WireFormatException(
                    o.pathOf("attempt"),
                    "the release's former name must give the same number as release (" + release + "), got " + former);
        }
        return release != null ? release : former;
    }

    ObjectNode writeTask(StepTask t) {
        ObjectNode o = json.objectNode();
        o.put("schema_version", WireFormat.SCHEMA_VERSION);
        o.put("plan_id", t.planId());
        o.put("step_id", t.stepId());
        o.put("tool", t.tool());
        o.set("args", json.toNode(t.args()));
        o.put("release", t.release());
        // for executors of the previous release, which read only this name: dropped in the next release
        o.put("attempt", t.release());
        o.put("routing_key", t.routingKey());
        o.put("latency_class", t.latencyClass().name());
        o.put("deadline", Instants.format(t.deadline()));
        o.put("timeout_ms", t.timeoutMs());
        o.put("idempotent", t.idempotent());
        o.put("max_retries", t.maxRetries());
        o.put("idempotency_key", t.idempotencyKey());
        o.put("released_at", Instants.format(t.releasedAt()));
        if (t.startBy() != null) {
            o.put("start_by", Instants.format(t.startBy()));
        }
        return o;
    }

    StepResult readResult(JsonObj o) {
        String planId = o.requireString("plan_id");
        String stepId = o.requireString("step_id");
        int release = o.requireInt("release");
        StepResult.Kind kind = o.requireEnum("kind", StepResult.Kind.class);
        StepStatus status = o.optEnum("status", StepStatus.class);
        Object output = o.optValue("output");
        String error = o.optString("error");
        List<Attempt> attempts = o.optObjects("attempts", ExecutionCodec::readAttempt);
        String executor = o.requireString("executor");
        Instant at = o.requireInstant("at");
        return o.build(
                () -> new StepResult(planId, stepId, release, kind, status, output, error, attempts, executor, at));
    }

    private static Attempt readAttempt(JsonObj o) {
        int number = o.requireInt("number");
        Instant startedAt = o.requireInstant("started_at");
        Instant finishedAt = o.requireInstant("finished_at");
        StepStatus status = o.requireEnum("status", StepStatus.class);
        String error = o.optString("error");
        String executor = o.requireString("executor");
        return o.build(() -> new Attempt(number, startedAt, finishedAt, status, error, executor));
    }

    ObjectNode writeResult(StepResult r) {
        ObjectNode o = json.objectNode();
        o.put("schema_version", WireFormat.SCHEMA_VERSION);
        o.put("plan_id", r.planId());
        o.put("step_id", r.stepId());
        o.put("release", r.release());
        o.put("kind", r.kind().name());
        putOpt(o, "status", r.status());
        if (r.output() != null) {
            o.set("output", json.toNode(r.output()));
        }
        putOpt(o, "error", r.error());
        ArrayNode attempts = o.putArray("attempts");
        for (Attempt a : r.attempts()) {
            ObjectNode n = attempts.addObject();
            n.put("number", a.number());
            n.put("started_at", Instants.format(a.startedAt()));
            n.put("finished_at", Instants.format(a.finishedAt()));
            n.put("status", a.status().name());
            putOpt(n, "error", a.error());
            n.put("executor", a.executor());
        }
        o.put("executor", r.executor());
        o.put("at", Instants.format(r.at()));
        return o;
    }

    TimerCheck readCheck(JsonObj o) {
        String planId = o.requireString("plan_id");
        TimerCheck.Kind timer = o.requireEnum("timer", TimerCheck.Kind.class);
        String stepId = o.optString("step_id");
        Integer release = o.optInt("release");
        Instant dueAt = o.requireInstant("due_at");
        return o.build(() -> new TimerCheck(planId, timer, stepId, release == null ? 0 : release, dueAt));
    }

    ObjectNode writeCheck(TimerCheck c) {
        ObjectNode o = json.objectNode();
        o.put("schema_version", WireFormat.SCHEMA_VERSION);
        o.put("plan_id", c.planId());
        o.put("timer", c.timer().name());
        putOpt(o, "step_id", c.stepId());
        if (c.release() > 0) {
            o.put("release", c.release());
        }
        o.put("due_at", Instants.format(c.dueAt()));
        return o;
    }
}
