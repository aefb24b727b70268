package io.planexec.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A request to run tool calls (or explicit plan steps) as one plan.
 *
 * @param planId the plan's id, unique per agent conversation turn; a resubmitted id never starts a second run
 * @param replyTo the topic that receives the PlanResult; {@code null} means {@code planexec.plan-results}
 * @param dialect the shape the request arrived in (results go back in the same shape)
 * @param steps the steps in request order (order matters for resource conflicts)
 * @param options per-request options
 */
public record AgentRequest(String planId, String replyTo, Dialect dialect, List<PlanStep> steps, RequestOptions options)
        implements RequestMessage {

    private static final int MAX_PLAN_ID = 200;
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._\\-]{1,249}");

    public AgentRequest {
        requirePlanId(planId);
        if (replyTo != null && !isTopicName(replyTo)) {
            throw new IllegalArgumentException("reply_to is not a valid Kafka topic name: '" + replyTo + "'");
        }
        if (dialect == null) {
            throw new IllegalArgumentException("plan '" + planId + "': dialect must be given");
        }
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("plan '" + planId + "': a plan needs at least one step");
        }
        steps = List.copyOf(steps);
        options = options == null ? RequestOptions.DEFAULTS : options;
    }

    /** Whether {@code s} is a valid Kafka topic name, as {@code reply_to} must be. */
    public static boolean isTopicName(String s) {
        return s != null && TOPIC.matcher(s).matches();
    }

    /**
     * Checks a plan id: {@code [A-Za-z0-9_.:-]{1,200}}. Every message about a step checks its plan's id, several times
     * per step in the planner, so this is a loop rather than a regular expression.
     */
    static void requirePlanId(String planId) {
        if (!isPlanId(planId)) {
            throw new IllegalArgumentException("plan_id must match [A-Za-z0-9_.:-]{1," + MAX_PLAN_ID + "}, got "
                    + (planId == null ? "null" : "'" + planId + "'"));
        }
    }

    /** Whether {@code s} is a valid plan id: {@code [A-Za-z0-9_.:-]{1,200}}. */
    public static boolean isPlanId(String s) {
        if (s == null) {
            return false;
        }
        int n = s.length();
        if (n == 0 || n > MAX_PLAN_ID) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == ':'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
