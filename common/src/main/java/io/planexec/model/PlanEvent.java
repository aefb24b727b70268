package io.planexec.model;

import java.time.Instant;

/**
 * One transition of a plan run: enough, in order, to draw its timeline.
 *
 * @param planId the plan
 * @param type what happened
 * @param stepId the step concerned, or {@code null} for plan-level events
 * @param status the step or plan status after the event, or {@code null}
 * @param release for {@code STEP_RELEASED}, {@code STEP_STARTED} and {@code LATE_RESULT_IGNORED}: the release of the
 *     step concerned, from 1; {@code null} otherwise
 * @param attempts for a step that ended ({@code STEP_FINISHED}, and {@code STEP_SKIPPED} or {@code STEP_CANCELLED}
 *     after calls): the calls made; {@code null} otherwise
 * @param at when it happened (planner clock)
 * @param detail a short human-readable explanation, or {@code null}
 */
public record PlanEvent(
        String planId,
        PlanEventType type,
        String stepId,
        String status,
        Integer release,
        Integer attempts,
        Instant at,
        String detail) {

    public PlanEvent {
        AgentRequest.requirePlanId(planId);
        if (type == null || at == null) {
            throw new IllegalArgumentException("type and at must be given");
        }
    }
}
