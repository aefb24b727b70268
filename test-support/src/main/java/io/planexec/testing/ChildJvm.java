package io.planexec.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a class's {@code main} in a child JVM on this test's class path, so a test can kill it abruptly (no shutdown
 * hooks run): the honest way to test a crash.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * Starts {@code main} with these JVM options and arguments; its output and errors go to {@code log}.
     *
     * @throws IOException when the process cannot start
     */
    public static Process start(Class<?> main, List<String> jvmOptions, List<String> args, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
