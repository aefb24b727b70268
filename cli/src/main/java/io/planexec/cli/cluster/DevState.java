package io.planexec.cli.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running {@code planexec dev} or {@code planexec cluster} tells the other verbs: its bootstrap address, topic
 * prefix and metrics endpoints, in {@code
 * .planexec/dev.properties} under the planexec home (the repository root when run through {@code ./planexec}). Written
 * when {@code dev} is ready, deleted when it stops; ignored when the process that wrote it is gone.
 *
 * @param bootstrapServers the embedded broker's address
 * @param topicPrefix the topic prefix
 * @param pid the {@code dev} process
 * @param metricsUrl its metrics endpoints, comma-separated ({@code planexec top} reads them), or {@code null} when it
 *     serves none
 */
public record DevState(String bootstrapServers, String topicPrefix, long pid, String metricsUrl) {

    /** The system property that names the planexec home directory (default {@code .planexec} in the working dir). */
    public static final String HOME_PROPERTY = "planexec.home";

    /** The file in the planexec home. */
    public static Path file() {
        return Path.of(System.getProperty(HOME_PROPERTY, ".planexec")).resolve("dev.properties");
    }

    /** The state of a {@code dev} process that is still running, if any. */
    public static Optional<DevState> read() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
            DevState state = new DevState(
                    p.getProperty("bootstrap.servers"),
                    p.getProperty("topic.prefix"),
                    Long.parseLong(p.getProperty("pid", "-1")),
                    p.getProperty("metrics.url"));
            boolean alive =
                    ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive && state.bootstrapServers() != null ? Optional.of(state) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Writes this state for the other verbs to find. */
    public void write() throws IOException {
        Path file = file();
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("topic.prefix", topicPrefix);
        p.setProperty("pid", String.valueOf(pid));
        if (metricsUrl != null) {
            p.setProperty("metrics.url", metricsUrl);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(writer, "the running planexec dev process");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the file if it still describes this process. */
    public void delete() {
        if (read().map(s -> s.pid() == pid).orElse(true)) {
            try {
                Files.deleteIfExists(file());
            } catch (IOException e) {
                // nothing else to do: a stale file is ignored because its process is gone
            }
        }
    }
}
