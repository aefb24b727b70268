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
import io.planexec.topics.ResultRecords;
import java.util.ArrayList;
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

    static void finish(PassEnvironment env, PlanPass run, PlanRecord.Active header, PlanStatus status) {
        PlanDefinition def = run.definition();
        String planId = def.planId();
        long now = run.now();
        List<StepState> states = run.allStates();
        PlanResult result = ResultAssembler.finished(env.wire().toolMessages(), def, states, status, now);
        byte[] bytes = ResultSizeGuard.fit(result, env.settings().maxResultBytes(), env.wire());
        List<String> replyTos = new ArrayList<>();
        replyTos.add(def.replyTo());
        replyTos.addAll(header.alsoReplyTo());
        ReplyRouting.Route route = env.replies().route(replyTos);
        send(env, planId, route, bytes, now);

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
        state.putPlan(
                planId,
                new PlanRecord.Finished(status, now, purgeAt, env.replies().resultsTopic(), bytes, null));
        state.addTimer(TimerKeys.Kind.PURGE, purgeAt, planId, null, "");

        env.events()
                .plan(
                        planId,
                        PlanEventType.PLAN_FINISHED,
                        status.name(),
                        now,
                        summary(states, result) + "; result sent to " + destinations(env, route));
        env.metrics().planFinished(status, now - header.acceptedAtMs());
        env.activePlans().decrementAndGet();
        LOGGER.debug(
                "plan_finished plan_id={} status={} steps={} makespan_ms={} topic={}",
                planId,
                status,
                states.size(),
                result.stats().makespanMs(),
                route.copies());
    }

    /**
     * Publishes a result (a new one, or a stored one again) to the results topic, naming the reply topics it is copied
     * to in its headers, in parts when it is larger than one record may be ({@link ResultRecords}). A refused reply
     * topic is counted and logged.
     *
     * @param now the time of sending: the result id of its parts
     */
    static void send(PassEnvironment env, String planId, ReplyRouting.Route route, byte[] result, long now) {
        for (String refusal : route.refusals()) {
            env.metrics().replyFallback();
            LOGGER.warn("reply_fallback plan_id={} reason=\"{}\"", planId, refusal);
        }
        List<PassOutput.Header> copies = new ArrayList<>(route.copies().size());
        for (String topic : route.copies()) {
            copies.add(new PassOutput.Header(ResultRecords.REPLY_TO, topic));
        }
        List<byte[]> parts = ResultRecords.split(result, env.settings().maxMessageBytes());
        String topic = env.replies().resultsTopic();
        if (parts.size() == 1) {
            env.output().send(PassOutput.Destination.PLAN_RESULTS, topic, planId, result, copies);
            return;
        }
        String resultId = Long.toString(now);
        for (int i = 0; i < parts.size(); i++) {
            List<PassOutput.Header> headers = new ArrayList<>(copies);
            headers.add(new PassOutput.Header(ResultRecords.PART, new ResultRecords.Part(i + 1, parts.size()).text()));
            headers.add(new PassOutput.Header(ResultRecords.RESULT_ID, resultId));
            env.output().send(PassOutput.Destination.PLAN_RESULTS, topic, planId, parts.get(i), headers);
        }
    }

    /** Where a result went, for events: the results topic, the reply topics it is copied to, the refusals. */
    static String destinations(PassEnvironment env, ReplyRouting.Route route) {
        StringBuilder out = new StringBuilder(env.replies().resultsTopic());
        if (!route.copies().isEmpty()) {
            out.append(" (to be copied to reply_to ")
                    .append(route.copies().stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")))
                    .append(')');
        }
        for (String refusal : route.refusals()) {
            out.append(" (").append(refusal).append(')');
        }
        return out.toString();
    }

    private static String summary(List<StepState> states, PlanResult result) {
        Map<StepStatus, Long> counts = states.stream()
                .collect(Collectors.groupingBy(
                        StepState::status, () -> new EnumMap<>(StepStatus.class), Collectors.counting()));
        String byStatus = counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        return PlanEngine.count(states.size(), "step") + " (" + byStatus + "); makespan "
                + result.stats().makespanMs()
                + " ms, critical path " + result.stats().criticalPathMs() + " ms, serial "
                + result.stats().serialMs() + " ms";
    }
}
