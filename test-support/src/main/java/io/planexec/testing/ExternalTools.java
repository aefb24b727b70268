package io.planexec.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Programs a test runs that are not Java libraries, such as {@code prometheus} and {@code promtool}: looked for in the
 * checkout's {@code .ci/tools/bin} (where {@code .ci/install-prometheus} unpacks them) and on the {@code PATH}. A test
 * that needs one and cannot find it is skipped, saying so on the console and in the report, never silently.
 */
public final class ExternalTools {

    private ExternalTools() {}

    /** The program, if it can be found. */
    public static Optional<Path> find(String name) {
        List<Path> dirs = new ArrayList<>();
        checkoutRoot().ifPresent(root -> dirs.add(root.resolve(".ci/tools/bin")));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        return dirs.stream()
                .map(dir -> dir.resolve(name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * The program; when it cannot be found, aborts the calling test (JUnit reports it skipped) with a message that
     * says how to get it, and prints that message too.
     *
     * @param how what provides the program, e.g. {@code "run .ci/install-prometheus (Debian's prometheus package)"}
     */
    public static Path require(String name, String how) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String message = "SKIPPED: '" + name + "' was not found in .ci/tools/bin or on the PATH; " + how;
            System.err.println(message);
            Assumptions.abort(message);
        }
        return found.get();
    }

    /**
     * Aborts the calling test (JUnit reports it skipped) when {@code condition} is false, printing {@code why}: for a
     * check that needs a program the machine may not have.
     */
    public static void requireThat(boolean condition, String why) {
        if (!condition) {
            String message = "SKIPPED: " + why;
            System.err.println(message);
            Assumptions.abort(message);
        }
    }

    /** The checkout's root: the nearest directory up from the working directory that has {@code .ci}. */
    public static Optional<Path> checkoutRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve(".ci"))) {
                return Optional.of(dir);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }
}
