package io.planexec.planner.state;

/**
 * Keys of the per-step store: {@code planId/stepId}. Plan ids never contain {@code /}, so {@code planId/} is a prefix
 * of exactly one plan's steps.
 */
public final class StoreKeys {

    private StoreKeys() {}

    public static String step(String planId, String stepId) {
        return planId + "/" + stepId;
    }

    /** The prefix of every step key of a plan. */
    public static String stepsOf(String planId) {
        return planId + "/";
    }

    /** The step id of a step key of this plan. */
    public static String stepId(String planId, String key) {
        return key.substring(planId.length() + 1);
    }
}
