package io.planexec.planner.state;

/**
 * Keys of the planner's one state store, {@code plan-state}. The first character of a key says what the entry is, so
 * the entries of one kind form one contiguous key range:
 *
 * <ul>
 *   <li>{@code p/<planId>}: the plan's {@link PlanRecord};
 *   <li>{@code d/<planId>}: its {@link PlanDefinition};
 *   <li>{@code s/<planId>/<stepId>}: one {@link StepState} per step (plan ids never contain {@code /}, so no two steps
 *       share a key);
 *   <li>{@code r/<planId>/<n>}: the parts of a finished plan's stored result when it is too large for one entry;
 *   <li>{@code t/...}: the timers, time-ordered within their kind ({@link TimerKeys}).
 * </ul>
 *
 * One store rather than one per kind, so that a planner pass writes one changelog partition per task instead of four:
 * every partition a transaction writes costs it a produce batch and a commit marker.
 */
public final class StateKeys {

    /** The prefix of every timer key; {@link TimerKeys} builds the rest. */
    static final String TIMERS = "t/";

    private StateKeys() {}

    public static String plan(String planId) {
        return "p/" + planId;
    }

    public static String definition(String planId) {
        return "d/" + planId;
    }

    public static String step(String planId, String stepId) {
        return "s/" + planId + "/" + stepId;
    }

    /** Part {@code n} (from 0) of a finished plan's stored result. */
    public static String resultPart(String planId, int n) {
        return "r/" + planId + "/" + n;
    }
}
