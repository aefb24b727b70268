package io.planexec.testing;

import io.planexec.kafka.process.ChildJvms;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a class's {@code main} in a child JVM on this test's class path, so a test can kill it abruptly (no shutdown
 * hooks run): the honest way to test a crash. The child stops by itself if the test JVM dies first ({@link
 * ChildJvms}).
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * Starts {@code main} with these JVM options and arguments; its output and errors are appended to {@code log}.
     *
     * @throws IOException when the process cannot start
     */
    public static Process start(Class<?> main, List<String> jvmOptions, List<String> args, Path log)
            throws IOException {
        return ChildJvms.start(main.getName(), jvmOptions, args, Map.of(), log);
    }
}
