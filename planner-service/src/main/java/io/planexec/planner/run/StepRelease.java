package io.planexec.planner.run;

import io.planexec.model.PlanEventType;
import io.planexec.model.StepQueues;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.plan.References;
import io.planexec.planner.state.OutputJson;
import io.planexec.planner.state.StepDefinition;
import io.planexec.planner.state.StepState;
import io.planexec.planner.state.TimerKeys;
import io.planexec.planner.topic.TopicChecks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Releases a ready step: resolves its references from the stored outputs, publishes its step task to its queue's topic
 * keyed by its routing key, and records the release. A step whose references cannot be resolved, whose task would be
 * too large to send, or whose queue has no topic, fails instead, with an error saying why.
 */
final class StepRelease {

    /** The release number of a step's first (and, today, only) task. */
    static final int FIRST_RELEASE = 1;

    /**
     * How long after a step's start-by time the planner decides it: an executor that started the step before then was
     * seen before then too (it writes its first heartbeat before it consumes), and the planner has read that heartbeat.
     */
    static final long START_BY_GRACE_MS = 5_000;

    private StepRelease() {}

    /**
     * Why a task is too large, naming where its bytes come from: the step's own arguments as the request gave them, or
     * the outputs of other steps its references bring in (each with its size), so the agent changes the right thing.
     */
    static String tooLarge(PlanPass run, StepDefinition sd, int taskBytes, int limit, Map<String, Object> resolved) {
        String head = "its task is " + taskBytes + " bytes, over the limit of " + limit + " bytes (planner.max.message"
                + ".bytes): ";
        List<References.Reference> refs = References.scan(sd.args()).references();
        int written = utf8Length(OutputJson.write(sd.args()));
        if (refs.isEmpty()) {
            return head + "its arguments, as the request gives them, are " + written + " bytes: send less data in"
                    + " the request (a tool can fetch large data itself)";
        }
        List<String> brought = new ArrayList<>();
        for (References.Reference ref : refs) {
            String step = ref.kind().equals(References.REF)
                    ? ref.target()
                    : run.definition().producerOf(ref.target());
            Object value = References.resolve(
                            Map.of("v", Map.of(ref.kind(), ref.target(), References.PATH, ref.pointer())),
                            id -> run.output(run.definition().indexOf(id)),
                            run.definition()::producerOf)
                    .get("v");
            brought.add(
                    ref.location() + " from step '" + step + "': " + utf8Length(OutputJson.write(value)) + " bytes");
        }
        return head + "the request gives " + written + " bytes of its arguments, and its references bring in "
                + String.join(", ", brought) + ": pass less data between the steps (a reference's JSON pointer"
                + " 'path' can select part of an output)";
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** The step's new state: {@code RELEASED}, or {@code FAILED} when it cannot be released. */
    static StepState release(PassEnvironment env, PlanPass run, int index) {
        StepDefinition sd = run.definition().step(index);
        StepState pending = run.state(index);
        String planId = run.definition().planId();
        Map<String, Object> args;
        try {
            args = References.resolve(
                    sd.args(), stepId -> run.output(run.definition().indexOf(stepId)), run.definition()::producerOf);
        } catch (References.UnresolvableReferenceException e) {
            return pending.endedWithoutRunning(
                    StepStatus.FAILED, "its arguments cannot be resolved: " + e.getMessage(), run.now());
        }
        StepTask task = new StepTask(
                planId,
                sd.id(),
                sd.tool(),
                args,
                FIRST_RELEASE,
                sd.routingKey(),
                sd.latencyClass(),
                Instant.ofEpochMilli(run.definition().deadlineMs()),
                sd.timeoutMs(),
                sd.idempotent(),
                sd.maxRetries(),
                StepTask.idempotencyKey(planId, sd.id(), FIRST_RELEASE),
                Instant.ofEpochMilli(run.now()),
                startBy(env, run, sd));
        byte[] bytes = env.wire().writeStepTask(task);
        int limit = env.settings().maxMessageBytes();
        if (bytes.length > limit) {
            return pending.endedWithoutRunning(
                    StepStatus.FAILED, tooLarge(run, sd, bytes.length, limit, args), run.now());
        }
        String topic = env.topics().steps(sd.queue());
        String unusable = queueUnusable(env, sd.queue(), topic);
        if (unusable != null) {
            return pending.endedWithoutRunning(StepStatus.FAILED, unusable, run.now());
        }
        env.output().send(PassOutput.Destination.STEP_TASKS, topic, sd.routingKey(), bytes);
        if (task.startBy() != null) {
            env.state()
                    .addTimer(
                            TimerKeys.Kind.START_BY,
                            task.startBy().toEpochMilli() + START_BY_GRACE_MS,
                            planId,
                            sd.id(),
                            Integer.toString(FIRST_RELEASE));
        }
        env.metrics().stepReleased(sd.latencyClass(), sd.queue());
        env.events()
                .step(
                        planId,
                        PlanEventType.STEP_RELEASED,
                        sd.id(),
                        StepStatus.RELEASED.name(),
                        FIRST_RELEASE,
                        run.now(),
                        sd.tool() + " to " + topic + " key " + sd.routingKey()
                                + (task.startBy() == null
                                        ? ""
                                        : "; no executor of the tool is running: start by " + task.startBy()));
        return pending.released(FIRST_RELEASE, run.now());
    }

    /**
     * The start-by time of a step whose tool has no running executor now ({@code planner.unserved.timeout.ms} from
     * now), or {@code null}: when its tool is served, when the timeout is off, or when the plan's deadline comes first.
     */
    private static Instant startBy(PassEnvironment env, PlanPass run, StepDefinition sd) {
        long timeout = env.settings().unservedTimeoutMs();
        if (timeout == 0 || env.servers().served(sd.tool(), run.now())) {
            return null;
        }
        long at = run.now() + timeout;
        return at < run.definition().deadlineMs() ? Instant.ofEpochMilli(at) : null;
    }

    /**
     * Why a step cannot be published to its queue, or {@code null} when it can. The latency classes' queues are the
     * planner's own topics; another queue's topic is created by the executors that consume it, and a task sent to a
     * missing topic would block the planner's producer, so it is checked first (the answer is cached).
     */
    private static String queueUnusable(PassEnvironment env, String queue, String topic) {
        if (StepQueues.latencyClass(queue).isPresent()) {
            return null;
        }
        TopicChecks.Verdict verdict = env.queueTopics().check(topic);
        if (verdict.usable()) {
            return null;
        }
        return "its tool's queue '" + queue + "' cannot take it: " + verdict.reason() + ". An executor started with"
                + " --queue " + queue + " (executor.queue=" + queue + ") creates the topic; so does kafka-topics"
                + " --create --topic " + topic;
    }
}
