package io.planexec.faults;

/**
 * The places in the services where a fault test can make the process die as if killed with {@code kill -9} at exactly
 * that moment: start the process with {@code -Dplanexec.crash.at=NAME} (or {@code NAME:N} for its N-th time), and it
 * halts there, without running shutdown hooks, flushing or closing anything. Unset, a crash point costs one comparison
 * with {@code null}.
 *
 * <p>docs/reliability.md has what planexec promises when a process dies at each of them ({@code CrashPointsIT} proves
 * it).
 */
public enum CrashPoint {

    /**
     * An executor has taken a task and is about to make its call: for a non-idempotent tool, its STARTED notice has
     * committed.
     */
    EXECUTOR_BEFORE_CALL("executor.before-call"),

    /** An executor's call has returned; its result is in memory only, not yet in a committed transaction. */
    EXECUTOR_CALL_RETURNED("executor.call-returned"),

    /**
     * The planner has applied a step's result to the plan's state and released the steps it freed, in a transaction
     * that has not committed.
     */
    PLANNER_RESULT_APPLIED("planner.result-applied");

    /** The system property that names the crash point, {@code NAME} or {@code NAME:N}. */
    public static final String PROPERTY = "planexec.crash.at";

    private static final Armed ARMED = Armed.fromProperty(System.getProperty(PROPERTY));

    private final String pointName;

    CrashPoint(String pointName) {
        this.pointName = pointName;
    }

    /** The name used in {@value #PROPERTY}. */
    public String pointName() {
        return pointName;
    }

    /** Halts this JVM (status 137, as after {@code kill -9}) when this point is armed and reached for the N-th time. */
    public void reach() {
        if (ARMED != null && ARMED.point == this && ARMED.reached()) {
            System.err.println("planexec: crash point " + pointName + " reached: halting as if killed");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }

    /** The crash point with this name. */
    public static CrashPoint named(String name) {
        for (CrashPoint p : values()) {
            if (p.pointName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown crash point '" + name + "': one of "
                + java.util.Arrays.stream(values()).map(CrashPoint::pointName).toList());
    }

    /** The armed point and how many more times it is passed before it halts. */
    static final class Armed {
        final CrashPoint point;
        private final java.util.concurrent.atomic.AtomicInteger left;

        Armed(CrashPoint point, int nth) {
            if (nth < 1) {
                throw new IllegalArgumentException("the N of a crash point must be at least 1, got " + nth);
            }
            this.point = point;
            this.left = new java.util.concurrent.atomic.AtomicInteger(nth);
        }

        boolean reached() {
            return left.decrementAndGet() == 0;
        }

        /** {@code null} for no property; fails on a bad one, so that a typo does not pass a fault test silently. */
        static Armed fromProperty(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            int colon = value.indexOf(':');
            String name = colon < 0 ? value.trim() : value.substring(0, colon).trim();
            int nth =
                    colon < 0 ? 1 : Integer.parseInt(value.substring(colon + 1).trim());
            return new Armed(named(name), nth);
        }
    }
}
