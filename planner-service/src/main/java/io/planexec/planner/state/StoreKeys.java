package io.planexec.planner.state;

/** Keys of the per-step store: {@code planId/stepId} (plan ids never contain {@code /}, so no two steps share one). */
public final class StoreKeys {

    private StoreKeys() {}

    public static String step(String planId, String stepId) {
        return planId + "/" + stepId;
    }
}
