package io.planexec.planner.run;

import io.planexec.model.Attempt;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepResult;
import io.planexec.model.StepStatus;
import io.planexec.planner.state.Dependency;
import io.planexec.planner.state.OutputJson;
import io.planexec.planner.state.PlanDefinition;
import io.planexec.planner.state.PlanRecord;
import io.planexec.planner.state.StepDefinition;
import io.planexec.planner.state.StepState;
import io.planexec.planner.state.TimerKeys;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over one running plan: loads the step states it touches, applies a transition, lets its consequences
 * run (successors released or skipped, the plan finished when no step is left), then writes back only what changed.
 * Short-lived: one per record or timer.
 */
final class PlanPass {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlanPass.class);

    private static final int MAX_CAUSE = 300;

    private final PassEnvironment env;
    private final PlanDefinition definition;
    private final long now;
    private final StepState[] states;
    private final boolean[] changed;
    private final Map<Integer, Object> outputs = new HashMap<>();
    private PlanRecord.Active header;
    private boolean headerChanged;
    private boolean allLoaded;

    private boolean finished;

    private PlanPass(PassEnvironment env, PlanDefinition definition, PlanRecord.Active header, long now) {
        this.env = env;
        this.definition = definition;
        this.header = header;
        this.now = now;
        this.states = new StepState[definition.size()];
        this.changed = new boolean[definition.size()];
    }

    /** A plan just accepted: no step has a stored state yet. */
    static PlanPass accepted(PassEnvironment env, PlanDefinition definition, PlanRecord.Active header, long now) {
        PlanPass run = new PlanPass(env, definition, header, now);
        for (StepDefinition s : definition.steps()) {
            run.states[s.index()] = StepState.pending(s.predecessors().size());
        }
        run.allLoaded = true;
        run.headerChanged = true;
        return run;
    }

    /** A running plan, its step states read as they are needed. */
    static PlanPass running(PassEnvironment env, PlanDefinition definition, PlanRecord.Active header, long now) {
        return new PlanPass(env, definition, header, now);
    }

    PlanDefinition definition() {
        return definition;
    }

    long now() {
        return now;
    }

    boolean isFinished() {
        return finished;
    }

    StepState state(int index) {
        StepState s = states[index];
        if (s == null) {
            StepDefinition sd = definition.step(index);
            s = env.state().step(definition.planId(), sd.id());
            if (s == null) {
                s = StepState.pending(sd.predecessors().size());
            }
            states[index] = s;
        }
        return s;
    }

    /**
     * Every step's state, by index, each read by its key. Never a prefix scan of the plan's steps: a RocksDB scan ends by
     * walking past the deleted keys of the plans that follow in key order until compaction removes them, which cost the
     * last pass of every plan several milliseconds.
     */
    List<StepState> allStates() {
        if (!allLoaded) {
            for (int i = 0; i < definition.size(); i++) {
                state(i);
            }
            allLoaded = true;
        }
        return Arrays.asList(states);
    }

    /** The output of a step that succeeded, parsed once per operation. */
    Object output(int index) {
        return outputs.computeIfAbsent(index, i -> OutputJson.read(state(i).outputJson()));
    }

    private void set(int index, StepState s) {
        states[index] = s;
        changed[index] = true;
    }

    // ---- transitions ----

    /** The plan was just accepted: steps that cannot run fail, steps without predecessors are released. */
    void start() {
        Deque<Integer> ended = new ArrayDeque<>();
        for (StepDefinition sd : definition.steps()) {
            if (sd.failsAtPlanning()) {
                end(
                        sd.index(),
                        state(sd.index()).endedWithoutRunning(StepStatus.FAILED, sd.planningError(), now),
                        ended);
            }
        }
        for (StepDefinition sd : definition.steps()) {
            if (!state(sd.index()).isTerminal() && sd.predecessors().isEmpty()) {
                evaluate(sd.index(), ended);
            }
        }
        settle(ended);
    }

    /** A STARTED notice; {@code null} when it was recorded, else why it was ignored. */
    Ignored started(StepResult notice) {
        int index = definition.indexOf(notice.stepId());
        Ignored ignored = checkReport(notice, index);
        if (ignored != null) {
            return ignored;
        }
        StepState s = state(index);
        if (s.status() == StepStatus.RUNNING) {
            return new Ignored(
                    "duplicate",
                    "duplicate STARTED notice for release " + notice.release() + " from " + notice.executor());
        }
        StepDefinition sd = definition.step(index);
        long unknownAt =
                sd.idempotent() ? -1 : now + sd.timeoutMs() + env.settings().unknownGraceMs();
        set(index, s.running(notice.at().toEpochMilli(), notice.executor(), unknownAt));
        if (unknownAt >= 0) {
            env.state()
                    .addTimer(
                            TimerKeys.Kind.OUTCOME,
                            unknownAt,
                            definition.planId(),
                            sd.id(),
                            Integer.toString(notice.release()));
        }
        env.metrics().stepWait(sd.latencyClass(), notice.at().toEpochMilli() - s.readyAtMs());
        env.events()
                .step(
                        definition.planId(),
                        PlanEventType.STEP_STARTED,
                        sd.id(),
                        StepStatus.RUNNING.name(),
                        notice.release(),
                        now,
                        "by " + notice.executor() + " at " + notice.at());
        return null;
    }

    /** A FINISHED result; {@code null} when it was recorded, else why it was ignored. */
    Ignored finished(StepResult result) {
        int index = definition.indexOf(result.stepId());
        Ignored ignored = checkReport(result, index);
        if (ignored != null) {
            return ignored;
        }
        StepState s = state(index);
        StepDefinition sd = definition.step(index);
        if (s.unknownAtMs() >= 0) {
            env.state().removeTimer(TimerKeys.Kind.OUTCOME, s.unknownAtMs(), definition.planId(), sd.id());
        }
        List<Attempt> attempts = result.attempts();
        long startedAt = attempts.isEmpty()
                ? s.startedAtMs()
                : attempts.get(0).startedAt().toEpochMilli();
        long finishedAt = attempts.isEmpty()
                ? result.at().toEpochMilli()
                : attempts.get(attempts.size() - 1).finishedAt().toEpochMilli();
        if (s.status() == StepStatus.RELEASED && startedAt >= 0) {
            env.metrics().stepWait(sd.latencyClass(), startedAt - s.readyAtMs());
        }
        boolean success = result.status() == StepStatus.SUCCEEDED;
        String error = success
                ? null
                : result.error() != null && !result.error().isEmpty()
                        ? result.error()
                        : "the executor reported " + result.status() + " without an error message";
        StepState ended = s.finished(
                result.status(),
                startedAt,
                finishedAt,
                attempts.size(),
                result.executor(),
                error,
                success ? OutputJson.write(result.output()) : null);
        Deque<Integer> queue = new ArrayDeque<>();
        end(index, ended, queue);
        settle(queue);
        return null;
    }

    /**
     * The outcome check of a running non-idempotent step fell due; {@code false} if the step has moved on. While the
     * executor process that started the call still runs (its heartbeats say so), its result may only be late (a
     * broker failover holds up its transaction, say): the check moves on by the grace. Once that process is gone, the
     * call's outcome went with it: the step ends UNKNOWN. The plan's deadline bounds the wait.
     */
    boolean outcomeOverdue(String stepId, int release, long dueAtMs) {
        int index = definition.indexOf(stepId);
        if (index < 0) {
            return false;
        }
        StepState s = state(index);
        if (s.status() != StepStatus.RUNNING || s.release() != release || s.unknownAtMs() != dueAtMs) {
            return false;
        }
        StepDefinition sd = definition.step(index);
        String gone = env.servers().gone(s.executor(), s.startedAtMs(), now);
        if (gone == null) {
            long next = now + Math.max(1, env.settings().unknownGraceMs());
            set(index, s.outcomeDueAt(next));
            env.state().addTimer(TimerKeys.Kind.OUTCOME, next, definition.planId(), sd.id(), Integer.toString(release));
            LOGGER.info(
                    "plan_id={} step={} outcome_check=deferred executor={} reason=\"the executor that started the"
                            + " call still runs: its result is late, not lost\" next_check_at={}",
                    definition.planId(),
                    sd.id(),
                    s.executor(),
                    java.time.Instant.ofEpochMilli(next));
            return true;
        }
        String error = "outcome unknown: executor '" + s.executor() + "' reported at "
                + java.time.Instant.ofEpochMilli(s.startedAtMs())
                + " that the call of '" + sd.tool() + "' started, but no result arrived within the tool's timeout of "
                + sd.timeoutMs() + " ms plus the planner's grace of "
                + env.settings().unknownGraceMs()
                + " ms, and " + gone + ": the call's outcome was lost with it. The tool is not idempotent, so the call"
                + " was not repeated: it may or may not have taken effect. Check its effect before calling it again.";
        Deque<Integer> queue = new ArrayDeque<>();
        end(
                index,
                s.finished(StepStatus.UNKNOWN, s.startedAtMs(), now, s.attempts(), s.executor(), error, null),
                queue);
        settle(queue);
        return true;
    }

    /**
     * The start-by time of a step released while no executor of its tool ran has passed (with the grace). It fails,
     * unless it started meanwhile or an executor of its tool was seen since its release: such an executor either
     * started it (its result will come) or reports it FAILED, since executors do not start a step after its start-by
     * time. {@code false} if nothing changed.
     */
    boolean startByPassed(String stepId, int release) {
        int index = definition.indexOf(stepId);
        if (index < 0) {
            return false;
        }
        StepState s = state(index);
        if (s.status() != StepStatus.RELEASED || s.release() != release) {
            return false;
        }
        StepDefinition sd = definition.step(index);
        if (env.servers().lastSeenMs(sd.tool()) >= s.readyAtMs()) {
            return false;
        }
        String error = "no executor serving tool '" + sd.tool() + "' (queue '" + sd.queue() + "') was running when"
                + " the step was released at " + java.time.Instant.ofEpochMilli(s.readyAtMs()) + ", and none came"
                + " within planner.unserved.timeout.ms (" + env.settings().unservedTimeoutMs() + " ms): "
                + env.servers().describe(sd.tool()) + ". The tool was not called. Start an executor that serves it"
                + " (one that consumes queue '" + sd.queue() + "')";
        Deque<Integer> queue = new ArrayDeque<>();
        end(index, s.endedWithoutRunning(StepStatus.FAILED, error, now), queue);
        settle(queue);
        return true;
    }

    /** Cancels the plan: pending steps end CANCELLED; released and running ones are reported as they end. */
    void cancel(String reason) {
        header = header.cancelled(reason);
        headerChanged = true;
        String why = "the plan was cancelled before this step could run" + (reason == null ? "" : ": " + reason);
        Deque<Integer> ignoredQueue = new ArrayDeque<>();
        List<StepState> all = allStates();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).status() == StepStatus.PENDING) {
                end(i, all.get(i).endedWithoutRunning(StepStatus.CANCELLED, why, now), ignoredQueue);
            }
        }
    }

    /** The plan's deadline passed: every step that has not ended is cancelled and the plan ends. */
    void deadlinePassed() {
        long allowedMs = definition.deadlineMs() - definition.acceptedAtMs();
        List<StepState> all = allStates();
        Deque<Integer> ignoredQueue = new ArrayDeque<>();
        for (int i = 0; i < all.size(); i++) {
            StepState s = all.get(i);
            if (s.isTerminal()) {
                continue;
            }
            String why = s.status() == StepStatus.PENDING
                    ? "the plan's deadline of " + allowedMs + " ms passed before this step could run"
                    : "the plan's deadline of " + allowedMs + " ms passed while this step was queued or running; a"
                            + " result that arrives later is ignored";
            if (s.unknownAtMs() >= 0) {
                env.state()
                        .removeTimer(
                                TimerKeys.Kind.OUTCOME,
                                s.unknownAtMs(),
                                definition.planId(),
                                definition.step(i).id());
            }
            StepState cancelled = s.status() == StepStatus.PENDING
                    ? s.endedWithoutRunning(StepStatus.CANCELLED, why, now)
                    : s.finished(StepStatus.CANCELLED, s.startedAtMs(), now, s.attempts(), s.executor(), why, null);
            end(i, cancelled, ignoredQueue);
        }
        finish(header.isCancelled() ? PlanStatus.CANCELLED : PlanStatus.TIMED_OUT);
    }

    /** Finishes the plan if no step is left, then writes what changed. */
    void commit() {
        if (!finished && header.unfinished() == 0) {
            finish(finalStatus());
        }
        if (finished) {
            return;
        }
        for (int i = 0; i < states.length; i++) {
            if (changed[i]) {
                env.state().putStep(definition.planId(), definition.step(i).id(), states[i]);
            }
        }
        if (headerChanged) {
            env.state().putPlan(definition.planId(), header);
        }
    }

    private PlanStatus finalStatus() {
        if (header.isCancelled()) {
            return PlanStatus.CANCELLED;
        }
        if (header.succeeded() == header.stepCount()) {
            return PlanStatus.SUCCEEDED;
        }
        if (now() >= definition.deadlineMs()) {
            // The last steps ended because the deadline passed (executors cancel calls at the plan's deadline), just
            // before the deadline timer would have ended the plan: the deadline is why it did not succeed.
            return PlanStatus.TIMED_OUT;
        }
        return header.succeeded() == 0 ? PlanStatus.FAILED : PlanStatus.PARTIAL;
    }

    private void finish(PlanStatus status) {
        PlanCompletion.finish(env, this, header, status);
        finished = true;
    }

    // ---- propagation ----

    private Ignored checkReport(StepResult report, int index) {
        if (index < 0) {
            return new Ignored("unknown_step", "plan has no step '" + report.stepId() + "'");
        }
        StepState s = state(index);
        if (s.isTerminal()) {
            return new Ignored(
                    "step_ended", "step already ended " + s.status() + "; " + describe(report) + " is ignored");
        }
        if (s.status() == StepStatus.PENDING || report.release() != s.release()) {
            return new Ignored(
                    "stale_release",
                    describe(report) + " is for release " + report.release() + ", the step's current release is "
                            + s.release());
        }
        return null;
    }

    private static String describe(StepResult r) {
        return (r.kind() == StepResult.Kind.STARTED ? "STARTED notice" : "result " + r.status()) + " from "
                + r.executor();
    }

    private void end(int index, StepState ended, Deque<Integer> queue) {
        set(index, ended);
        header = header.stepEnded(ended.status() == StepStatus.SUCCEEDED);
        headerChanged = true;
        queue.add(index);
        StepDefinition sd = definition.step(index);
        PlanEventType type = switch (ended.status()) {
            case SKIPPED -> PlanEventType.STEP_SKIPPED;
            case CANCELLED -> PlanEventType.STEP_CANCELLED;
            default -> PlanEventType.STEP_FINISHED;
        };
        String detail = ended.error() != null
                ? ended.error()
                : ended.attempts() + (ended.attempts() == 1 ? " attempt" : " attempts") + " by " + ended.executor();
        env.events()
                .stepEnded(
                        definition.planId(),
                        type,
                        sd.id(),
                        ended.status().name(),
                        ended.attempts() > 0 ? ended.attempts() : null,
                        now,
                        detail);
    }

    /** Lets ended steps release or skip the steps waiting for them, transitively. */
    private void settle(Deque<Integer> ended) {
        while (!ended.isEmpty()) {
            int done = ended.poll();
            for (int next : definition.successors(done)) {
                StepState s = state(next);
                if (s.isTerminal() || s.status() != StepStatus.PENDING) {
                    continue;
                }
                s = s.predecessorEnded();
                set(next, s);
                if (s.waiting() == 0) {
                    evaluate(next, ended);
                }
            }
        }
    }

    /** A step whose predecessors have all ended: skip it if one it needs did not succeed, else release it. */
    private void evaluate(int index, Deque<Integer> ended) {
        StepState s = state(index);
        if (header.isCancelled()) {
            end(index, s.endedWithoutRunning(StepStatus.CANCELLED, "the plan was cancelled", now), ended);
            return;
        }
        for (Dependency d : definition.step(index).predecessors()) {
            StepState before = state(d.step());
            if (d.dataFlow() && before.status() != StepStatus.SUCCEEDED) {
                StepDefinition dep = definition.step(d.step());
                String cause = rootCause(dep, before);
                String why = "depends on step '" + dep.id() + "' (" + d.reason() + "), which did not succeed: " + cause;
                end(index, s.skipped(why, cause, now), ended);
                return;
            }
        }
        StepState released = StepRelease.release(env, this, index);
        if (released.isTerminal()) {
            end(index, released, ended);
        } else {
            set(index, released);
        }
    }

    /**
     * Why a step skipped because of {@code before} did not run: the root cause {@code before} carries when it was itself
     * skipped, so a chain of skips repeats the cause, not the chain; else how {@code before} ended.
     */
    private static String rootCause(StepDefinition dep, StepState before) {
        if (before.status() == StepStatus.SKIPPED && before.cause() != null) {
            return before.cause();
        }
        String previous = before.error() == null ? "" : before.error();
        String error = previous.length() > MAX_CAUSE ? previous.substring(0, MAX_CAUSE) + "..." : previous;
        return "step '" + dep.id() + "' (" + dep.tool() + ") ended " + before.status()
                + (error.isEmpty() ? "" : ": " + error);
    }
}
