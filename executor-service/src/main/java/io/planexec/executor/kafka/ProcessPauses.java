package io.planexec.executor.kafka;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Notices when this whole process was paused ({@code SIGSTOP}, a long garbage collection, a suspended VM): a daemon
 * thread wakes every {@value #TICK_MS} ms, and a wake-up much later than asked for means nothing ran meanwhile. The
 * pattern of Hadoop's {@code JvmPauseMonitor}.
 *
 * <p>A consumer loop asks {@link #pausedSince} before it trusts that a fenced transaction of its own timed out (see
 * {@link Transactions}): a process that was paused may have been replaced meanwhile, and must not take its
 * transactional id back from the process that replaced it.
 */
final class ProcessPauses {

    static final long TICK_MS = 100;

    /** A gap between ticks longer than this is a pause. */
    static final long PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final ProcessPauses INSTANCE = new ProcessPauses(System::nanoTime);

    private final LongSupplier nanoClock;
    private volatile long lastTickNanos;
    /** When the last pause ended (the tick that noticed it); {@link Long#MIN_VALUE} when none was seen. */
    private volatile long lastPauseEndNanos = Long.MIN_VALUE;

    private Thread thread;

    ProcessPauses(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastTickNanos = nanoClock.getAsLong();
    }

    /** The monitor of this process, started on first use. */
    static synchronized ProcessPauses monitor() {
        if (INSTANCE.thread == null) {
            INSTANCE.start();
        }
        return INSTANCE;
    }

    private void start() {
        thread = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            Thread.sleep(TICK_MS);
                        } catch (InterruptedException e) {
                            return;
                        }
                        tick();
                    }
                },
                "planexec-pause-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** One wake-up of the monitor thread (called by tests with their own clock). */
    void tick() {
        long now = nanoClock.getAsLong();
        if (now - lastTickNanos > PAUSE_NANOS) {
            lastPauseEndNanos = now;
        }
        lastTickNanos = now;
    }

    /**
     * Whether the process was paused at some time after {@code sinceNanos} (on the same clock), or seems paused now:
     * the monitor has not woken for longer than a pause (the process has just been thawed and the monitor not yet
     * run).
     */
    boolean pausedSince(long sinceNanos) {
        long pauseEnd = lastPauseEndNanos;
        if (pauseEnd != Long.MIN_VALUE && pauseEnd - sinceNanos >= 0) {
            return true;
        }
        return nanoClock.getAsLong() - lastTickNanos > PAUSE_NANOS;
    }
}
