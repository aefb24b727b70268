package io.planexec.kafka.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a class's {@code main} in a child JVM on this JVM's class path, wrapped in {@link DieWithParent} so that the
 * child stops when this process is gone, even when it was killed and could not stop its children. Killing the child
 * with {@link Process#destroyForcibly()} is a real {@code kill -9}: no shutdown hook runs.
 */
public final class ChildJvms {

    private ChildJvms() {}

    /**
     * Starts {@code mainClass} with these JVM options and arguments; its output and errors are appended to {@code
     * log}.
     *
     * @param environment variables added to this process's environment
     * @throws IOException when the process cannot start or the log cannot be created
     */
    public static Process start(
            String mainClass, List<String> jvmOptions, List<String> args, Map<String, String> environment, Path log)
            throws IOException {
        return start(List.of(), mainClass, jvmOptions, args, environment, log);
    }

    /**
     * As {@link #start(String, List, List, Map, Path)}, with a command put before {@code java} that runs it (such as
     * {@code ip netns exec NAME}: it must exec the JVM in its own process, so that the process started is the JVM).
     */
    public static Process start(
            List<String> prefix,
            String mainClass,
            List<String> jvmOptions,
            List<String> args,
            Map<String, String> environment,
            Path log)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DieWithParent.class.getName(), mainClass));
        command.addAll(args);
        Path parent = log.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Sends a signal ({@code STOP}, {@code CONT}, ...) to a process with the system's {@code kill}. */
    public static void signal(long pid, String signal) {
        run("kill", "-" + signal, Long.toString(pid));
    }

    /**
     * Runs a command of the system and returns its output (errors included).
     *
     * @throws IllegalStateException naming the command, its exit status and output when it fails or takes over 30 s
     */
    static String run(String... command) {
        String line = String.join(" ", command);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + line + "' did not finish within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + line + "' failed (exit " + p.exitValue() + "): " + output.trim());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + line + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + line + "'", e);
        }
    }
}
