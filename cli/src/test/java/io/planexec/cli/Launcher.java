package io.planexec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** The {@code ./planexec} script and its jar: the project's own, or a copy in a directory of a test's. */
record Launcher(Path root) {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static final Launcher PROJECT = new Launcher(ROOT);

    /** A copy of the launcher and its jar in {@code dir}, without a class archive yet. */
    static Launcher copyIn(Path dir) throws IOException {
        Files.copy(ROOT.resolve("planexec"), dir.resolve("planexec"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(
                ROOT.resolve("cli/target/planexec.jar"),
                Files.createDirectories(dir.resolve("cli/target")).resolve("planexec.jar"),
                StandardCopyOption.COPY_ATTRIBUTES);
        return new Launcher(dir);
    }

    Path target() {
        return root.resolve("cli/target");
    }

    /** The names of the files beside the jar. */
    List<String> files() throws IOException {
        try (var files = Files.list(target())) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    /**
     * Runs {@code ./planexec args} from the root, output to {@code output}, with the planexec home and JVM options
     * in PLANEXEC_JAVA_OPTS, none of the launcher's other settings from this environment, then {@code
     * environment}.
     */
    Process start(Path home, Path output, List<String> javaOptions, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(root.resolve("planexec").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("PLANEXEC_HEAP_OPTS");
        builder.environment().remove("PLANEXEC_CDS");
        builder.environment().remove("PLANEXEC_CLASSPATH");
        builder.environment().putAll(environment);
        builder.environment()
                .put("PLANEXEC_JAVA_OPTS", String.join(" ", "-Dplanexec.home=" + home, String.join(" ", javaOptions)));
        return builder.start();
    }

    /**
     * Runs {@code ./planexec dev args} as {@link #start} does (512 MB heap) and waits until it is ready: fails, with
     * its output, when it ends first or is not ready within two minutes. The caller stops it.
     */
    Process dev(Path home, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("dev"));
        command.addAll(List.of(args));
        Process dev = start(home, output, List.of("-Xmx512m"), Map.of(), command.toArray(String[]::new));
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> read(output).contains("Ctrl-C stops everything") || !dev.isAlive());
        } catch (RuntimeException e) {
            dev.destroy();
            throw e;
        }
        if (!dev.isAlive()) {
            throw new AssertionError("dev ended before it was ready; its output:\n" + read(output));
        }
        return dev;
    }

    /** A file's text, or "" when it does not exist yet. */
    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
