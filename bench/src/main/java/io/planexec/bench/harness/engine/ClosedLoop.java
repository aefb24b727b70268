package io.planexec.bench.harness.engine;

import io.planexec.model.AgentRequest;
import io.planexec.model.PlanStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Keeps a fixed number of plans in flight on an engine: each plan that ends is replaced by a new one, until the
 * measurement window closes. Throughput counts the steps of the plans that ended within the window; latency is
 * recorded for every plan submitted within it (the loop waits for those to end).
 */
public final class ClosedLoop {

    /**
     * What a closed loop measured.
     *
     * @param plans plans submitted in the window
     * @param stepsInWindow steps of the plans that ended in the window
     * @param seconds the window's length
     * @param makespans client-side makespans of the plans submitted in the window
     * @param notSucceeded plans that did not succeed (of all, warm-up included) or never ended
     */
    public record Outcome(int plans, long stepsInWindow, double seconds, Latencies makespans, int notSucceeded) {

        public double stepsPerSecond() {
            return stepsInWindow / seconds;
        }
    }

    private ClosedLoop() {}

    /**
     * Runs the loop.
     *
     * @param requests the i-th request to submit (each with a fresh plan id)
     * @param concurrency plans in flight
     * @param warmup how long to run before the window opens
     * @param window how long to measure
     * @param drain how long to wait for the plans still in flight when the window closes
     */
    public static Outcome run(
            Engine engine,
            IntFunction<AgentRequest> requests,
            int concurrency,
            Duration warmup,
            Duration window,
            Duration drain)
            throws InterruptedException {
        return run(engine, requests, concurrency, warmup, window, drain, run -> {});
    }

    /**
     * Runs the loop, handing every run submitted within the window to {@code measured} (on the thread that completed
     * it).
     */
    public static Outcome run(
            Engine engine,
            IntFunction<AgentRequest> requests,
            int concurrency,
            Duration warmup,
            Duration window,
            Duration drain,
            Consumer<Run> measured)
            throws InterruptedException {
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-loop-" + engine.name());
            t.setDaemon(true);
            return t;
        });
        try {
            long begin = System.nanoTime();
            State state = new State(
                    engine,
                    requests,
                    loop,
                    begin + warmup.toNanos(),
                    begin + warmup.toNanos() + window.toNanos(),
                    concurrency,
                    measured);
            for (int i = 0; i < concurrency; i++) {
                loop.execute(state::submitNext);
            }
            long waitMs = warmup.plus(window).plus(drain).toMillis();
            boolean drained = state.chainsLeft.await(waitMs, TimeUnit.MILLISECONDS);
            int unfinished = drained ? 0 : (int) state.chainsLeft.getCount();
            return new Outcome(
                    state.submittedInWindow.get(),
                    state.stepsInWindow.get(),
                    window.toNanos() / 1e9,
                    state.makespans,
                    state.notSucceeded.get() + unfinished);
        } finally {
            loop.shutdownNow();
        }
    }

    /** The loop's shared state; every chain of submissions runs on the loop thread. */
    private static final class State {
        final Engine engine;
        final IntFunction<AgentRequest> requests;
        final ExecutorService loop;
        final long windowStart;
        final long windowEnd;
        final CountDownLatch chainsLeft;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger submittedInWindow = new AtomicInteger();
        final AtomicLong stepsInWindow = new AtomicLong();
        final AtomicInteger notSucceeded = new AtomicInteger();
        final Latencies makespans = new Latencies();
        final Consumer<Run> measured;

        State(
                Engine engine,
                IntFunction<AgentRequest> requests,
                ExecutorService loop,
                long windowStart,
                long windowEnd,
                int concurrency,
                Consumer<Run> measured) {
            this.measured = measured;
            this.engine = engine;
            this.requests = requests;
            this.loop = loop;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.chainsLeft = new CountDownLatch(concurrency);
        }

        @SuppressWarnings(
                "FutureReturnValueIgnored") // the stage only counts the outcome; the submitted future is the one
        // awaited
        void submitNext() {
            long now = System.nanoTime();
            if (now >= windowEnd) {
                chainsLeft.countDown();
                return;
            }
            boolean inWindow = now >= windowStart;
            if (inWindow) {
                submittedInWindow.incrementAndGet();
            }
            CompletableFuture<Run> submitted;
            try {
                submitted = engine.submit(requests.apply(next.getAndIncrement()));
            } catch (RuntimeException e) {
                notSucceeded.incrementAndGet();
                chainsLeft.countDown();
                return;
            }
            submitted.whenComplete((run, error) -> {
                if (error != null || run.status() != PlanStatus.SUCCEEDED) {
                    notSucceeded.incrementAndGet();
                }
                if (run != null) {
                    if (inWindow) {
                        makespans.recordNanos(run.makespanNanos());
                        measured.accept(run);
                    }
                    if (run.endNanos() >= windowStart && run.endNanos() < windowEnd) {
                        stepsInWindow.addAndGet(run.steps());
                    }
                }
                loop.execute(this::submitNext);
            });
        }
    }
}
