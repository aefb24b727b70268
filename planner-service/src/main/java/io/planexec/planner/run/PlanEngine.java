package io.planexec.planner.run;

import io.planexec.model.AgentRequest;
import io.planexec.model.CancelRequest;
import io.planexec.model.Dialect;
import io.planexec.model.PlanError;
import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.PlanStep;
import io.planexec.model.StepResult;
import io.planexec.model.TimerCheck;
import io.planexec.model.TraceContext;
import io.planexec.plan.Plan;
import io.planexec.plan.Planner;
import io.planexec.plan.PlanningOutcome;
import io.planexec.plan.Rejection;
import io.planexec.plan.ToolCatalog;
import io.planexec.planner.metrics.PlannerMetrics;
import io.planexec.planner.result.ResultAssembler;
import io.planexec.planner.result.ResultSizeGuard;
import io.planexec.planner.state.PlanDefinition;
import io.planexec.planner.state.PlanRecord;
import io.planexec.planner.state.TimerKeys;
import io.planexec.planner.state.TimerKeys.Timer;
import io.planexec.planner.topic.TopicChecks;
import io.planexec.topics.StepResultHeaders;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner's entry points for one stream task: requests, cancellations, step results and clock ticks. Each call is
 * one atomic step of the plans it touches (the Streams transaction around it makes the state changes and the records
 * sent all-or-nothing). The caller gives the time.
 */
public final class PlanEngine {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlanEngine.class);
    private static final List<PassOutput.Header> TIMER_CHECK_HEADERS =
            List.of(new PassOutput.Header(StepResultHeaders.TIMER_CHECK, "1"));

    private final PassEnvironment env;
    private final TracingPassOutput tracing;
    private final Planner planner;
    private final ToolCatalog tools;

    public PlanEngine(
            PlanStateStore state,
            PassOutput output,
            WireFormat wire,
            Topics topics,
            EngineSettings settings,
            PlannerMetrics metrics,
            AtomicLong activePlans,
            Planner planner,
            ToolCatalog tools,
            TopicChecks queueTopics,
            ToolServers servers) {
        this.tracing = new TracingPassOutput(output);
        this.env = new PassEnvironment(
                state,
                tracing,
                new Events(tracing, wire, topics),
                wire,
                topics,
                settings,
                metrics,
                new ReplyRouting(topics),
                queueTopics,
                servers,
                activePlans);
        this.planner = planner;
        this.tools = tools;
    }

    /** Tells {@code listener} the due time of every timer this engine sets. */
    public void onTimerSet(LongConsumer listener) {
        env.state().onTimerSet(listener);
    }

    /** When the plan clock must next run ({@link #onClock}), or {@link Long#MAX_VALUE} if nothing is due ever. */
    public long nextClockMs() {
        return env.state().earliestTimer();
    }

    /** The number of running plans in the state store (one deadline timer each), for the active-plans gauge. */
    public long countRunning() {
        return env.state().count(TimerKeys.Kind.DEADLINE);
    }

    /**
     * A request to run a plan. A plan id seen before never starts a second run: a running plan ignores it, a finished
     * plan's result is sent again (to this request's reply topic). A rejected request is the exception: a different
     * request under its id is planned afresh (nothing ran), an identical one gets the same rejection again.
     *
     * @param trace the trace context the request's record carried (or the planner started): a plan accepted keeps
     *     it, and every record of the plan carries it
     * @param digest the digest of the request's bytes, computed only when needed
     */
    public void submit(AgentRequest request, TraceContext trace, Supplier<String> digest, long now) {
        tracing.use(trace);
        String planId = request.planId();
        PlanRecord existing = env.state().plan(planId);
        if (existing instanceof PlanRecord.Active a) {
            duplicateOfRunning(planId, a, request.replyTo(), now);
            return;
        }
        if (existing instanceof PlanRecord.Finished f
                && (!f.isRejected()
                        || f.requestDigest() == null
                        || f.requestDigest().equals(digest.get()))) {
            resend(planId, f, request.replyTo(), now);
            return;
        }
        if (existing != null) {
            env.state().deletePlan(planId); // a rejection planned afresh: its stored result goes, with any parts
        }
        PlanningOutcome outcome = planner.plan(request, tools);
        if (outcome instanceof Rejection r) {
            reject(planId, request.dialect(), request.steps(), r.errors(), request.replyTo(), digest.get(), now);
        } else {
            accept((Plan) outcome, now);
        }
    }

    /**
     * A request that could not be read but names its plan: it is answered with a REJECTED result, unless a plan with
     * that id exists (then it changes nothing).
     * The trace context is its record's.
     */
    public void unreadable(
            String planId, String replyTo, String error, TraceContext trace, Supplier<String> digest, long now) {
        tracing.use(trace);
        PlanRecord existing = env.state().plan(planId);
        if (existing instanceof PlanRecord.Active || (existing instanceof PlanRecord.Finished f && !f.isRejected())) {
            env.events()
                    .plan(
                            planId,
                            PlanEventType.DUPLICATE_REQUEST,
                            null,
                            now,
                            "an unreadable request for an existing plan is ignored: " + error);
            return;
        }
        if (existing instanceof PlanRecord.Finished f && digest.get().equals(f.requestDigest())) {
            resend(planId, f, replyTo, now);
            return;
        }
        if (existing != null) {
            env.state().deletePlan(planId);
        }
        reject(
                planId,
                Dialect.STEPS,
                List.of(),
                List.of(new PlanError(List.of(), "unreadable request: " + error)),
                replyTo,
                digest.get(),
                now);
    }

    /**
     * Cancels a running plan; a cancel for an unknown or finished plan, or one being cancelled, changes nothing and says
     * so with a {@code CANCEL_IGNORED} event.
     * The trace context is the cancel record's; a running plan's records keep the plan's own.
     */
    public void cancel(CancelRequest cancel, TraceContext trace, long now) {
        tracing.use(trace);
        PlanRecord existing = env.state().plan(cancel.planId());
        if (!(existing instanceof PlanRecord.Active a)) {
            if (existing instanceof PlanRecord.Finished f) {
                cancelIgnored(
                        cancel.planId(),
                        f.status().name(),
                        "the plan already finished " + f.status() + " at " + Instant.ofEpochMilli(f.finishedAtMs()),
                        now);
            } else {
                cancelIgnored(
                        cancel.planId(),
                        null,
                        "no plan has this id (never accepted, or its result was purged after planner.retention.ms)",
                        now);
            }
            return;
        }
        if (a.isCancelled()) {
            cancelIgnored(
                    cancel.planId(),
                    PlanStatus.RUNNING.name(),
                    "the plan is being cancelled already (" + a.cancelReason() + ")",
                    now);
            return;
        }
        PlanPass run = load(cancel.planId(), a, now);
        if (run == null) {
            return;
        }
        String reason = cancel.reason() == null ? "cancelled by request" : cancel.reason();
        env.events().plan(cancel.planId(), PlanEventType.PLAN_CANCEL_REQUESTED, PlanStatus.RUNNING.name(), now, reason);
        run.cancel(reason);
        run.commit();
    }

    private void cancelIgnored(String planId, String status, String why, long now) {
        LOGGER.info("cancel_ignored plan_id={} reason=\"{}\"", planId, why);
        env.events().plan(planId, PlanEventType.CANCEL_IGNORED, status, now, why);
    }

    /** A STARTED notice or a FINISHED result from an executor, with the trace context of its record. */
    public void onStepResult(StepResult result, TraceContext trace, long now) {
        tracing.use(trace);
        PlanRecord existing = env.state().plan(result.planId());
        if (existing == null) {
            ignored(
                    result,
                    new Ignored("unknown_plan", "no running plan has this id (never accepted, or purged)"),
                    now);
            return;
        }
        if (existing instanceof PlanRecord.Finished f) {
            ignored(result, new Ignored("plan_finished", "the plan already finished " + f.status()), now);
            return;
        }
        PlanPass run = load(result.planId(), (PlanRecord.Active) existing, now);
        if (run == null) {
            return;
        }
        Ignored ignored = result.kind() == StepResult.Kind.STARTED ? run.started(result) : run.finished(result);
        if (ignored != null) {
            ignored(result, ignored, now);
        }
        run.commit();
    }

    /**
     * A clock tick. Deadlines and outcome checks that fell due are not decided here: each is sent as a {@link
     * TimerCheck} to the plan's partition of the step-results topic and decided when it is read back ({@link
     * #onTimerCheck}), after every step result that was on the partition before it. A planner that was stopped or
     * behind reads the results that arrived meanwhile first, so it never ends a step UNKNOWN (or a plan TIMED_OUT) whose
     * result was already there. Finished plans past their retention are purged at once.
     */
    public void onClock(long now) {
        tracing.use(null);
        int batch = env.settings().timerBatch();
        for (Map.Entry<Timer, String> e : env.state().due(TimerKeys.Kind.DEADLINE, now, batch)) {
            Timer t = e.getKey();
            env.state().removeTimer(t.kind(), t.atMs(), t.planId(), null);
            if (env.state().plan(t.planId()) instanceof PlanRecord.Active a && a.deadlineMs() == t.atMs()) {
                sendCheck(TimerCheck.deadline(t.planId(), Instant.ofEpochMilli(t.atMs())));
            }
        }
        for (Map.Entry<Timer, String> e : env.state().due(TimerKeys.Kind.OUTCOME, now, batch)) {
            Timer t = e.getKey();
            env.state().removeTimer(t.kind(), t.atMs(), t.planId(), t.stepId());
            if (env.state().plan(t.planId()) instanceof PlanRecord.Active) {
                sendCheck(TimerCheck.outcome(
                        t.planId(), t.stepId(), Integer.parseInt(e.getValue()), Instant.ofEpochMilli(t.atMs())));
            }
        }
        for (Map.Entry<Timer, String> e : env.state().due(TimerKeys.Kind.START_BY, now, batch)) {
            Timer t = e.getKey();
            env.state().removeTimer(t.kind(), t.atMs(), t.planId(), t.stepId());
            if (env.state().plan(t.planId()) instanceof PlanRecord.Active) {
                sendCheck(TimerCheck.startBy(
                        t.planId(), t.stepId(), Integer.parseInt(e.getValue()), Instant.ofEpochMilli(t.atMs())));
            }
        }
        for (Map.Entry<Timer, String> e : env.state().due(TimerKeys.Kind.PURGE, now, batch)) {
            Timer t = e.getKey();
            env.state().removeTimer(t.kind(), t.atMs(), t.planId(), null);
            if (env.state().plan(t.planId()) instanceof PlanRecord.Finished f && f.purgeAtMs() == t.atMs()) {
                env.state().deletePlan(t.planId());
            }
        }
    }

    /**
     * A timer check read back from the step-results topic: the deadline or outcome check is decided now, unless the
     * plan or step has moved on since it fell due (it finished, or a result arrived before the check).
     */
    public void onTimerCheck(TimerCheck check, long now) {
        tracing.use(null);
        if (!(env.state().plan(check.planId()) instanceof PlanRecord.Active a)) {
            LOGGER.debug(
                    "timer_check_ignored plan_id={} timer={} reason=\"plan not running\"",
                    check.planId(),
                    check.timer());
            return;
        }
        long dueAtMs = check.dueAt().toEpochMilli();
        if (check.timer() == TimerCheck.Kind.DEADLINE) {
            if (a.deadlineMs() != dueAtMs) {
                return;
            }
            PlanPass run = load(check.planId(), a, now);
            if (run != null) {
                run.deadlinePassed();
                run.commit();
            }
            return;
        }
        PlanPass run = load(check.planId(), a, now);
        if (run == null) {
            return;
        }
        boolean changed = check.timer() == TimerCheck.Kind.START_BY
                ? run.startByPassed(check.stepId(), check.release())
                : run.outcomeOverdue(check.stepId(), check.release(), dueAtMs);
        if (changed) {
            run.commit();
        }
    }

    private void sendCheck(TimerCheck check) {
        env.output()
                .send(
                        PassOutput.Destination.TIMER_CHECKS,
                        env.topics().stepResults(),
                        check.planId(),
                        env.wire().writeTimerCheck(check),
                        TIMER_CHECK_HEADERS);
    }

    private void accept(Plan plan, long now) {
        String planId = plan.planId();
        long deadline =
                now + env.settings().deadlineFor(plan.request().options().deadlineMs());
        PlanDefinition def = PlanDefinition.of(plan, now, deadline, tracing.current());
        env.state().putDefinition(def);
        PlanRecord.Active header = new PlanRecord.Active(now, deadline, def.size());
        env.state().addTimer(TimerKeys.Kind.DEADLINE, deadline, planId, null, "");
        env.events()
                .plan(
                        planId,
                        PlanEventType.PLAN_ACCEPTED,
                        PlanStatus.RUNNING.name(),
                        now,
                        count(def.size(), "step") + ", " + count(plan.edges().size(), "edge") + ", "
                                + count(plan.analysis().levels().size(), "level") + ", up to "
                                + plan.analysis().maxWidth() + " at once; deadline " + Instant.ofEpochMilli(deadline));
        env.metrics().planAccepted();
        env.activePlans().incrementAndGet();
        PlanPass run = PlanPass.accepted(env, def, header, now);
        run.start();
        run.commit();
    }

    private void reject(
            String planId,
            Dialect dialect,
            List<PlanStep> steps,
            List<PlanError> errors,
            String replyTo,
            String digest,
            long now) {
        PlanResult result = ResultAssembler.rejected(env.wire().toolMessages(), planId, dialect, steps, errors);
        byte[] bytes = ResultSizeGuard.fit(result, env.settings().maxResultBytes(), env.wire());
        ReplyRouting.Route route = env.replies().route(Collections.singletonList(replyTo));
        PlanCompletion.send(env, planId, route, bytes, now);
        long purgeAt = now + env.settings().retentionMs();
        env.state()
                .putPlan(
                        planId,
                        new PlanRecord.Finished(
                                PlanStatus.REJECTED, now, purgeAt, env.replies().resultsTopic(), bytes, digest));
        env.state().addTimer(TimerKeys.Kind.PURGE, purgeAt, planId, null, "");
        env.events()
                .plan(
                        planId,
                        PlanEventType.PLAN_REJECTED,
                        PlanStatus.REJECTED.name(),
                        now,
                        errors.stream().map(PlanError::message).collect(Collectors.joining("; ")));
        env.metrics().planFinished(PlanStatus.REJECTED, -1);
    }

    private void resend(String planId, PlanRecord.Finished finished, String replyTo, long now) {
        ReplyRouting.Route route = env.replies().route(Collections.singletonList(replyTo));
        PlanCompletion.send(env, planId, route, finished.result(), now);
        env.events()
                .plan(
                        planId,
                        PlanEventType.DUPLICATE_REQUEST,
                        finished.status().name(),
                        now,
                        "the plan already finished " + finished.status() + " at "
                                + Instant.ofEpochMilli(finished.finishedAtMs()) + "; its result was sent again to "
                                + PlanCompletion.destinations(env, route) + " (no second run)");
    }

    /**
     * A request for a plan that is running: no second run, but its {@code reply_to} is recorded, so the plan's one
     * result reaches it too when the plan finishes (an agent that restarts and resubmits gets its answer).
     */
    private void duplicateOfRunning(String planId, PlanRecord.Active running, String replyTo, long now) {
        String delivery;
        if (!env.replies().isCopyTarget(replyTo)) {
            delivery = replyTo != null && !replyTo.equals(env.replies().resultsTopic())
                    ? "; its reply_to '" + replyTo + "' is one of planexec's own topics: the result goes to "
                            + env.replies().resultsTopic() + " only"
                    : "; the result will be on " + env.replies().resultsTopic();
        } else if (running.alsoReplyTo().contains(replyTo) || replyTo.equals(originalReplyTo(planId, running))) {
            delivery = "; the result will go to '" + replyTo + "' as asked before";
        } else if (!running.canAddReplyTo()) {
            delivery = "; its reply_to '" + replyTo + "' is not recorded: the plan already has "
                    + PlanRecord.Active.MAX_ALSO_REPLY_TO + " further reply topics; the result will be on "
                    + env.replies().resultsTopic();
        } else {
            env.state().putPlan(planId, running.withReplyTo(replyTo));
            delivery = "; the result will also go to '" + replyTo + "' when the plan finishes";
        }
        env.events()
                .plan(
                        planId,
                        PlanEventType.DUPLICATE_REQUEST,
                        PlanStatus.RUNNING.name(),
                        now,
                        "a plan with this id has been running since " + Instant.ofEpochMilli(running.acceptedAtMs())
                                + "; the request does not start a second run" + delivery);
    }

    /** {@code 1 step}, {@code 2 steps}. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private String originalReplyTo(String planId, PlanRecord.Active running) {
        PlanDefinition def = env.state().definition(planId, running.acceptedAtMs());
        return def == null ? null : def.replyTo();
    }

    private void ignored(StepResult result, Ignored why, long now) {
        env.metrics().resultIgnored(why.reason());
        env.events()
                .step(
                        result.planId(),
                        PlanEventType.LATE_RESULT_IGNORED,
                        result.stepId(),
                        result.kind() == StepResult.Kind.STARTED
                                ? "STARTED"
                                : result.status().name(),
                        result.release(),
                        now,
                        why.detail() + " (" + why.reason() + ", from " + result.executor() + ")");
        LOGGER.debug(
                "result_ignored plan_id={} step_id={} reason={} detail=\"{}\"",
                result.planId(),
                result.stepId(),
                why.reason(),
                why.detail());
    }

    private PlanPass load(String planId, PlanRecord.Active header, long now) {
        PlanDefinition def = env.state().definition(planId, header.acceptedAtMs());
        if (def == null) {
            LOGGER.error("plan_inconsistent plan_id={} problem=\"running plan without a stored definition\"", planId);
            return null;
        }
        if (def.trace() != null) {
            tracing.use(def.trace());
        }
        return PlanPass.running(env, def, header, now);
    }
}
