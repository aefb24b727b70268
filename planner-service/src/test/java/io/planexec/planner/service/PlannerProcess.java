package io.planexec.planner.service;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The planner in a child JVM ({@code java -cp <this classpath> io.planexec.planner.PlannerMain}), so a test can kill it
 * without warning ({@link Process#destroyForcibly()}) and start it again on the same state directory.
 */
final class PlannerProcess implements AutoCloseable {

    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(PlannerProcess.class);

    private final Map<String, String> settings;
    private final Path log;
    private Process process;
    private int starts;

    PlannerProcess(Map<String, String> settings, Path log) {
        this.settings = Map.copyOf(settings);
        this.log = log;
    }

    /** Starts the planner and waits until it reports RUNNING. */
    void start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "io.planexec.planner.PlannerMain"));
        settings.forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        starts++;
        long begin = System.nanoTime();
        try {
            Files.writeString(log, "");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the planner process exited with " + process.exitValue() + ":\n"
                                + Files.readString(log, StandardCharsets.UTF_8));
                    }
                    return Files.readString(log, StandardCharsets.UTF_8).contains("to=RUNNING");
                });
        LOGGER.info("planner_process_running start={} ms={}", starts, (System.nanoTime() - begin) / 1_000_000);
    }

    /** Kills the planner at once (SIGKILL): no shutdown hook, no commit, no leaving the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    int starts() {
        return starts;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
