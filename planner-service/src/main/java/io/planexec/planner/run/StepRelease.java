package io.planexec.planner.run;

import io.planexec.model.PlanEventType;
import io.planexec.model.StepStatus;
import io.planexec.model.StepTask;
import io.planexec.planner.References;
import io.planexec.planner.state.StepDefinition;
import io.planexec.planner.state.StepState;
import java.time.Instant;
import java.util.Map;

/**
 * Releases a ready step: resolves its references from the stored outputs, publishes its step task to its latency-class
 * topic keyed by its routing key, and records the release. A step whose references cannot be resolved, or whose task
 * would be too large to send, fails instead, with an error saying why.
 */
final class StepRelease {

    /** The release number of a step's first (and, today, only) task. */
    static final int FIRST_RELEASE = 1;

    private StepRelease() {}

    /** The step's new state: {@code RELEASED}, or {@code FAILED} when it cannot be released. */
    static StepState release(RunEnvironment env, PlanRun run, int index) {
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
                Instant.ofEpochMilli(run.now()));
        byte[] bytes = env.wire().writeStepTask(task);
        int limit = env.settings().maxMessageBytes();
        if (bytes.length > limit) {
            return pending.endedWithoutRunning(
                    StepStatus.FAILED,
                    "its task is " + bytes.length + " bytes with its references resolved, over the limit of " + limit
                            + " bytes: pass less data between the steps",
                    run.now());
        }
        env.outbox().send(Outbox.Destination.STEP_TASKS, env.topics().steps(sd.latencyClass()), sd.routingKey(), bytes);
        env.metrics().stepReleased(sd.latencyClass());
        env.events()
                .step(
                        planId,
                        PlanEventType.STEP_RELEASED,
                        sd.id(),
                        StepStatus.RELEASED.name(),
                        FIRST_RELEASE,
                        run.now(),
                        sd.tool() + " to " + env.topics().steps(sd.latencyClass()) + " key " + sd.routingKey());
        return pending.released(FIRST_RELEASE, run.now());
    }
}
