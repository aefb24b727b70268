package io.planexec.model;

import java.time.Instant;

/**
 * One transition of a plan run: enough, in order, to draw its timeline.
 *
 * @param planId the plan
 * @param type what happened
 * @param stepId the step concerned, or {@code null} for plan-level events
 * @param status the step or plan status after the event, or {@code null}
 * @param attempt the release or attempt number concerned, or {@code null}
 * @param at when it happened (planner clock)
 * @param detail a short human-readable explanation, or {@code null}
 */
public record PlanEvent(
        String planId, PlanEventType type, String stepId, String status, Integer attempt, Instant at, String detail) {

    public PlanEvent {
        AgentRequest.requirePlanId(planId);
        if (type == null || at == null) {
            throw new IllegalArgumentException("type and at must be given");
        }
    }
}
