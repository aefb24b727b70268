package io.planexec.model;

/**
 * Asks the planner to stop a plan: pending steps end {@code CANCELLED}, running ones are reported as they end, and the
 * plan ends {@code CANCELLED}.
 *
 * @param planId the plan to cancel
 * @param reason why, for the record (may be {@code null})
 */
public record CancelRequest(String planId, String reason) implements RequestMessage {

    public CancelRequest {
        AgentRequest.requirePlanId(planId);
    }
}
