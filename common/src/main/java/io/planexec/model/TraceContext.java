package io.planexec.model;

import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The W3C trace context of a plan (<a href="https://www.w3.org/TR/trace-context/">Trace Context</a>): the {@code
 * traceparent} an agent's request carries (or the planner starts when it carries none), and its {@code tracestate}.
 * planexec does not record spans; it carries the context unchanged on every record of the plan, and gives it to the
 * tools, so that what they and the agent record joins one trace.
 *
 * @param traceparent {@code version-traceid-parentid-flags}, lowercase hex
 * @param tracestate the vendors' entries, or {@code null}
 */
public record TraceContext(String traceparent, String tracestate) {

    /** The header that carries the trace id and the caller's span ({@code traceparent}). */
    public static final String TRACEPARENT = "traceparent";

    /** The header that carries vendor-specific trace data ({@code tracestate}). */
    public static final String TRACESTATE = "tracestate";

    /** The longest {@code tracestate} carried (the W3C's limit for what must be propagated); a longer one is dropped. */
    public static final int MAX_TRACESTATE_CHARS = 512;

    private static final Pattern TRACEPARENT_FORM =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    public TraceContext {
        if (!valid(traceparent)) {
            throw new IllegalArgumentException("not a W3C traceparent: " + traceparent);
        }
        if (tracestate != null && (tracestate.isBlank() || tracestate.length() > MAX_TRACESTATE_CHARS)) {
            tracestate = null;
        }
    }

    /**
     * The context of these header values, when {@code traceparent} is a valid one (version {@code 00} exactly, a later
     * version by its first four fields; not version {@code ff}, not an all-zero trace or parent id). An invalid one
     * is no context at all, as the W3C asks: the planner then starts a new trace.
     */
    public static Optional<TraceContext> of(String traceparent, String tracestate) {
        return valid(traceparent) ? Optional.of(new TraceContext(traceparent, tracestate)) : Optional.empty();
    }

    /** A new trace: a random trace id and parent id, sampled. */
    public static TraceContext start(RandomGenerator random) {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        random.nextBytes(trace);
        random.nextBytes(span);
        trace[0] |= 1; // never all zeros
        span[0] |= 1;
        HexFormat hex = HexFormat.of();
        return new TraceContext("00-" + hex.formatHex(trace) + "-" + hex.formatHex(span) + "-01", null);
    }

    /** The trace id: 32 hex digits. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }

    private static boolean valid(String traceparent) {
        if (traceparent == null) {
            return false;
        }
        Matcher m = TRACEPARENT_FORM.matcher(traceparent);
        if (!m.matches()) {
            return false;
        }
        String version = m.group(1);
        if ("ff".equals(version) || ("00".equals(version) && m.group(5) != null)) {
            return false;
        }
        return !ZERO_TRACE.equals(m.group(2)) && !ZERO_SPAN.equals(m.group(3));
    }
}
