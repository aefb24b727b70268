package io.planexec.bench.harness.scenario;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Takes CPU and meter snapshots when a measurement window opens and when it closes, on a timer. */
final class WindowSnapshots {

    /** The CPU used ({@link ThreadCpu#since}) and the meters' means ({@link MeterSnapshot#since}) over the window. */
    record Window(Figures cpu, Figures meters) {}

    private final CompletableFuture<Window> result;
    private final ExecutorService timer;

    private WindowSnapshots(CompletableFuture<Window> result, ExecutorService timer) {
        this.result = result;
        this.timer = timer;
    }

    /** Starts now: the window opens after {@code warmup} and lasts {@code window}. */
    static WindowSnapshots schedule(MeterRegistry meters, Duration warmup, Duration window) {
        ExecutorService timer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-window-timer");
            t.setDaemon(true);
            return t;
        });
        // A snapshot that throws fails the result: await() never waits for a window that cannot close.
        CompletableFuture<Window> result = CompletableFuture.supplyAsync(
                        () -> new Opening(ThreadCpu.take(), MeterSnapshot.take(meters)), after(warmup, timer))
                .thenApplyAsync(
                        opening -> new Window(
                                ThreadCpu.take().since(opening.cpu()),
                                MeterSnapshot.take(meters).since(opening.meters())),
                        after(window, timer));
        return new WindowSnapshots(result, timer);
    }

    private static Executor after(Duration delay, ExecutorService timer) {
        return CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, timer);
    }

    /** The snapshots taken when the window opens. */
    private record Opening(ThreadCpu cpu, MeterSnapshot meters) {}

    /** The figures, once the window has closed. */
    Window await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("window snapshots failed: " + e.getCause(), e.getCause());
        } finally {
            timer.shutdownNow();
        }
    }
}
