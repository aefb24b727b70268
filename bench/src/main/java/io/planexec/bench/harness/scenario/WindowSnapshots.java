package io.planexec.bench.harness.scenario;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Takes CPU and meter snapshots when a measurement window opens and when it closes, on a timer. */
final class WindowSnapshots {

    /** The CPU used ({@link ThreadCpu#since}) and the meters' means ({@link MeterSnapshot#since}) over the window. */
    record Window(Figures cpu, Figures meters) {}

    private final CompletableFuture<Window> result;
    private final ScheduledExecutorService timer;

    private WindowSnapshots(CompletableFuture<Window> result, ScheduledExecutorService timer) {
        this.result = result;
        this.timer = timer;
    }

    /** Starts now: the window opens after {@code warmup} and lasts {@code window}. */
    static WindowSnapshots schedule(MeterRegistry meters, Duration warmup, Duration window) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-window-timer");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Window> result = new CompletableFuture<>();
        // A snapshot that throws fails the result: await() must never wait for a window that cannot close.
        timer.schedule(
                () -> {
                    try {
                        ThreadCpu cpu = ThreadCpu.take();
                        MeterSnapshot before = MeterSnapshot.take(meters);
                        timer.schedule(
                                () -> {
                                    try {
                                        result.complete(new Window(
                                                ThreadCpu.take().since(cpu),
                                                MeterSnapshot.take(meters).since(before)));
                                    } catch (RuntimeException | Error e) {
                                        result.completeExceptionally(e);
                                    }
                                },
                                window.toNanos(),
                                TimeUnit.NANOSECONDS);
                    } catch (RuntimeException | Error e) {
                        result.completeExceptionally(e);
                    }
                },
                warmup.toNanos(),
                TimeUnit.NANOSECONDS);
        return new WindowSnapshots(result, timer);
    }

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
