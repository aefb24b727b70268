package io.planexec.planner.state;

/**
 * Keys of the timers in the {@code plan-state} store ({@link StateKeys}): {@code t/<kind>/<epoch millis, 19
 * digits>/<planId>[/<stepId>]}. Keys sort by kind, then time, so "everything of this kind due by now" is one range scan
 * from the start of the kind, which meets no other entry. Plan ids never contain {@code /}; step ids may, and are
 * everything after the plan id.
 */
public final class TimerKeys {

    /** What a timer is for. */
    public enum Kind {
        /** The plan's deadline: it ends {@code TIMED_OUT}. */
        DEADLINE('d'),
        /** A running step that is not idempotent: it ends {@code UNKNOWN} unless its result arrives first. */
        OUTCOME('u'),
        /** A finished plan's stored result is deleted. */
        PURGE('r'),
        /**
         * A step released while no executor of its tool ran: it fails unless it started, or an executor of its tool was
         * seen, by its start-by time.
         */
        START_BY('s');

        private final String prefix;

        Kind(char code) {
            this.prefix = StateKeys.TIMERS + code + "/";
        }

        String prefix() {
            return prefix;
        }
    }

    /**
     * A parsed timer key.
     *
     * @param kind what it is for
     * @param atMs when it is due
     * @param planId the plan
     * @param stepId the step, for {@link Kind#OUTCOME} and {@link Kind#START_BY}; {@code null} otherwise
     */
    public record Timer(Kind kind, long atMs, String planId, String stepId) {}

    private static final int DIGITS = 19;

    private TimerKeys() {}

    public static String key(Kind kind, long atMs, String planId) {
        return kind.prefix() + pad(atMs) + "/" + planId;
    }

    public static String key(Kind kind, long atMs, String planId, String stepId) {
        return key(kind, atMs, planId) + "/" + stepId;
    }

    /** The first key of a kind. */
    public static String from(Kind kind) {
        return kind.prefix() + pad(0);
    }

    /** A key after every key of this kind due at or before {@code atMs}. */
    public static String through(Kind kind, long atMs) {
        return kind.prefix() + pad(atMs + 1);
    }

    public static Timer parse(String key) {
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (key.startsWith(k.prefix())) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("not a timer key: '" + key + "'");
        }
        int timeStart = kind.prefix().length();
        int timeEnd = timeStart + DIGITS;
        if (key.length() <= timeEnd + 1 || key.charAt(timeEnd) != '/') {
            throw new IllegalArgumentException("not a timer key: '" + key + "'");
        }
        long at = Long.parseLong(key.substring(timeStart, timeEnd));
        String rest = key.substring(timeEnd + 1);
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new Timer(kind, at, rest, null);
        }
        return new Timer(kind, at, rest.substring(0, slash), rest.substring(slash + 1));
    }

    private static String pad(long atMs) {
        if (atMs < 0) {
            throw new IllegalArgumentException("timer time must not be negative, got " + atMs);
        }
        String digits = Long.toString(atMs);
        return "0".repeat(DIGITS - digits.length()) + digits;
    }
}
