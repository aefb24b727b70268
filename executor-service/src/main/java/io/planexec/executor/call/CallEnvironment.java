package io.planexec.executor.call;

import io.planexec.executor.schedule.Backoff;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

/**
 * What every {@link TaskCall} of an executor shares.
 *
 * @param clock the time of attempts and deadlines
 * @param delays timeouts and backoff
 * @param workers where tool handlers run (a thread per running synchronous call)
 * @param backoff waits between attempts
 * @param random jitter, numbers in [0, 1)
 * @param executor the executor instance, as reported in attempts
 * @param events metrics
 */
public record CallEnvironment(
        Clock clock,
        Delays delays,
        Executor workers,
        Backoff backoff,
        DoubleSupplier random,
        String executor,
        CallEvents events) {

    public CallEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(delays, "delays");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(events, "events");
    }
}
