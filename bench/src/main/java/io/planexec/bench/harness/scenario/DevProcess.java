package io.planexec.bench.harness.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * A {@code planexec dev} child process: started, followed until its ready line, read for its resident memory, stopped
 * with SIGTERM (its shutdown hook closes everything) and, if it does not exit in time, killed.
 */
final class DevProcess implements AutoCloseable {

    private static final int KEPT_LINES = 40;

    private final Process process;
    private final long startNanos;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Deque<String> lastLines = new ArrayDeque<>();
    private volatile long readyNanos;
    private volatile double readyInProcessSeconds = Double.NaN;
    private volatile String bootstrap;

    private DevProcess(Process process, long startNanos) {
        this.process = process;
        this.startNanos = startNanos;
        follow(process.getInputStream(), "bench-dev-stdout", true);
        follow(process.getErrorStream(), "bench-dev-stderr", false);
    }

    static DevProcess start(List<String> command) throws IOException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).start();
        return new DevProcess(process, start);
    }

    /**
     * Waits for the ready line.
     *
     * @return from the process's start to its ready line
     * @throws IllegalStateException with its last output when it exits or does not get ready in time
     */
    Duration awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.await(100, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("planexec dev "
                        + (process.isAlive() ? "was not ready within " + timeout : "exited with " + process.exitValue())
                        + "; its last output:\n" + lastOutput());
            }
        }
        if (bootstrap == null) {
            throw new IllegalStateException(
                    "planexec dev printed no bootstrap line; its last output:\n" + lastOutput());
        }
        return Duration.ofNanos(readyNanos - startNanos);
    }

    /** The startup time it reported itself ("ready in X s": from its start call to ready, JVM start excluded). */
    double readyInProcessSeconds() {
        return readyInProcessSeconds;
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Its resident memory now (VmRSS), in KiB. */
    long residentKb() throws IOException {
        return ProcessMemory.read(statusFile(), "VmRSS");
    }

    /** The most resident memory it has had (VmHWM), in KiB. */
    long peakResidentKb() throws IOException {
        return ProcessMemory.read(statusFile(), "VmHWM");
    }

    /** Whether this machine exposes process memory as Linux does. */
    static boolean canReadMemory() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void follow(InputStream stream, String name, boolean watchForReady) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            keep(line);
                            if (watchForReady) {
                                watch(line);
                            }
                        }
                    } catch (IOException e) {
                        keep("(output unreadable: " + e + ")");
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
    }

    private void watch(String line) {
        Matcher b = DevLauncher.BOOTSTRAP.matcher(line);
        if (b.find() && bootstrap == null) {
            bootstrap = b.group(1);
        }
        Matcher r = DevLauncher.READY.matcher(line);
        if (r.find() && ready.getCount() > 0) {
            readyNanos = System.nanoTime();
            readyInProcessSeconds = Double.parseDouble(r.group(1));
        }
        // The bootstrap line comes right after the ready line: count down once both are known.
        if (readyNanos != 0 && bootstrap != null) {
            ready.countDown();
        }
    }

    private synchronized void keep(String line) {
        lastLines.addLast(line);
        while (lastLines.size() > KEPT_LINES) {
            lastLines.removeFirst();
        }
    }

    private synchronized String lastOutput() {
        return String.join("\n", lastLines);
    }

    private Path statusFile() {
        return Path.of("/proc", Long.toString(process.pid()), "status");
    }
}
