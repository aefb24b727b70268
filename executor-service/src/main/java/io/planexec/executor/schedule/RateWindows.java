package io.planexec.executor.schedule;

import io.planexec.model.RateLimit;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-tool rate limits of one executor process ({@link RateLimit}): at most {@code calls} calls of a tool start in any
 * {@code perMs}. A sliding log of the last starts, not a token bucket: a bucket lets a full burst follow a full
 * window, up to twice the limit within one window, which an API that counts calls per window (fixed or sliding)
 * refuses; a log never starts more than the limit in any window. Thread-safe: shared by the consumer loops of every
 * queue and the retry timers of the calls.
 */
public final class RateWindows {

    private final LongSupplier nanoClock;
    private final Map<String, Log> logs = new ConcurrentHashMap<>();

    /** The starts of one tool within the window, and the calls admitted that have not started yet. */
    private static final class Log {
        final ArrayDeque<Long> starts = new ArrayDeque<>();
        int reserved;
    }

    public RateWindows() {
        this(System::nanoTime);
    }

    /** With the clock that times the windows (tests). */
    public RateWindows(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Whether a call of the tool could be admitted now ({@code limit == null}: no limit). */
    public boolean available(String tool, RateLimit limit) {
        return nanosUntilAvailable(tool, limit) == 0;
    }

    /**
     * Admits a call that will start soon ({@link #start}) or not at all ({@link #cancel}), if the starts in the
     * window and the calls admitted before it leave room; returns whether it did.
     */
    public boolean tryReserve(String tool, RateLimit limit) {
        if (limit == null) {
            return true;
        }
        Log log = log(tool);
        synchronized (log) {
            if (wait(log, limit, nanoClock.getAsLong()) > 0) {
                return false;
            }
            log.reserved++;
            return true;
        }
    }

    /** A call admitted by {@link #tryReserve} starts now. */
    public void start(String tool, RateLimit limit) {
        if (limit == null) {
            return;
        }
        Log log = log(tool);
        synchronized (log) {
            log.reserved = Math.max(0, log.reserved - 1);
            log.starts.addLast(nanoClock.getAsLong());
        }
    }

    /** A call admitted by {@link #tryReserve} will not start. */
    public void cancel(String tool, RateLimit limit) {
        if (limit == null) {
            return;
        }
        Log log = log(tool);
        synchronized (log) {
            log.reserved = Math.max(0, log.reserved - 1);
        }
    }

    /**
     * How long until a call of the tool may be admitted: 0 when one may now. While admitted calls alone fill the
     * window, the window's length (they may start, or be cancelled, before).
     */
    public long nanosUntilAvailable(String tool, RateLimit limit) {
        if (limit == null) {
            return 0;
        }
        Log log = log(tool);
        synchronized (log) {
            return wait(log, limit, nanoClock.getAsLong());
        }
    }

    private static long wait(Log log, RateLimit limit, long now) {
        long window = limit.perMs() * 1_000_000L;
        ArrayDeque<Long> starts = log.starts;
        while (!starts.isEmpty() && now - starts.peekFirst() >= window) {
            starts.pollFirst();
        }
        while (starts.size() > limit.calls()) {
            starts.pollFirst(); // the limit was lowered: only the latest starts count
        }
        int over = starts.size() + log.reserved - limit.calls(); // starts that must leave the window first, minus 1
        if (over < 0) {
            return 0;
        }
        if (over >= starts.size()) {
            return window;
        }
        long leaving = starts.stream().skip(over).findFirst().orElseThrow();
        return Math.max(1, leaving + window - now);
    }

    private Log log(String tool) {
        return logs.computeIfAbsent(tool, t -> new Log());
    }
}
