package io.planexec.planner.run;

import io.planexec.model.PlanEventType;
import io.planexec.model.PlanResult;
import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import io.planexec.planner.result.ResultAssembler;
import io.planexec.planner.result.ResultSizeGuard;
import io.planexec.planner.state.PlanDefinition;
import io.planexec.planner.state.PlanRecord;
import io.planexec.planner.state.StepDefinition;
import io.planexec.planner.state.StepState;
import io.planexec.planner.state.TimerKeys;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a plan run: sends its one PlanResult, keeps only that result (for resubmissions, until the retention ends) and
 * deletes the rest of its state.
 */
final class PlanCompletion {

    private static final Logger LOGGER = LoggerFactory.getLogger(PlanCompletion.class);

    private PlanCompletion() {}

    static void finish(RunEnvironment env, PlanRun run, PlanRecord.Active header, PlanStatus status) {
        PlanDefinition def = run.definition();
        String planId = def.planId();
        long now = run.now();
        List<StepState> states = run.allStates();
        PlanResult result = ResultAssembler.finished(def, states, status, now);
        byte[] bytes = ResultSizeGuard.fit(result, env.settings().maxMessageBytes(), env.wire());
        ReplyRouting.Route route = env.replies().route(def.replyTo());
        send(env, planId, route, bytes);

        PlanStateStore state = env.state();
        state.removeTimer(TimerKeys.Kind.DEADLINE, def.deadlineMs(), planId, null);
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).unknownAtMs() >= 0) {
                state.removeTimer(
                        TimerKeys.Kind.OUTCOME,
                        states.get(i).unknownAtMs(),
                        planId,
                        def.step(i).id());
            }
        }
        state.deleteSteps(planId, def.steps().stream().map(StepDefinition::id).toList());
        state.deleteDefinition(def);
        long purgeAt = now + env.settings().retentionMs();
        state.putPlan(planId, new PlanRecord.Finished(status, now, purgeAt, route.topic(), bytes, null));
        state.addTimer(TimerKeys.Kind.PURGE, purgeAt, planId, null, "");

        env.events()
                .plan(
                        planId,
                        PlanEventType.PLAN_FINISHED,
                        status.name(),
                        now,
                        summary(states, result) + "; result sent to " + route.topic()
                                + (route.fallbackReason() == null ? "" : " (" + route.fallbackReason() + ")"));
        env.metrics().planFinished(status, now - header.acceptedAtMs());
        env.activePlans().decrementAndGet();
        LOGGER.debug(
                "plan_finished plan_id={} status={} steps={} makespan_ms={} topic={}",
                planId,
                status,
                states.size(),
                result.stats().makespanMs(),
                route.topic());
    }

    /** Sends a result (a new one, or a stored one again) where the route says, recording a fallback. */
    static void send(RunEnvironment env, String planId, ReplyRouting.Route route, byte[] result) {
        if (route.fallbackReason() != null) {
            env.metrics().replyFallback();
            LOGGER.warn(
                    "reply_fallback plan_id={} topic={} reason=\"{}\"", planId, route.topic(), route.fallbackReason());
        }
        env.outbox().send(Outbox.Destination.PLAN_RESULTS, route.topic(), planId, result);
    }

    private static String summary(List<StepState> states, PlanResult result) {
        Map<StepStatus, Long> counts = states.stream()
                .collect(Collectors.groupingBy(
                        StepState::status, () -> new EnumMap<>(StepStatus.class), Collectors.counting()));
        String byStatus = counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        return states.size() + " steps (" + byStatus + "); makespan "
                + result.stats().makespanMs()
                + " ms, critical path " + result.stats().criticalPathMs() + " ms, serial "
                + result.stats().serialMs() + " ms";
    }
}
