package io.planexec.executor.call;

/** Runs tasks after a delay: timeouts and retry backoff. Tests use a manual implementation driven by a fake clock. */
public interface Delays {

    /** Runs {@code task} once after {@code delayMs} (at once when it is not positive). */
    Scheduled schedule(long delayMs, Runnable task);

    /** A scheduled task. */
    interface Scheduled {
        /** Stops it from running if it has not yet. */
        void cancel();
    }
}
