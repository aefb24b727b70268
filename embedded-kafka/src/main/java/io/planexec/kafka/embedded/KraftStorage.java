package io.planexec.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;

/**
 * Writes a KRaft node's settings to a properties file and formats its log directories with Kafka's {@code
 * StorageTool} (a directory formatted before is left as it is): what the embedded broker and each node of a process
 * cluster do before they start. {@code StorageTool} is an internal class: this is the one place that calls it.
 */
public final class KraftStorage {

    private KraftStorage() {}

    /**
     * Writes a node's settings and formats its storage with them, as {@code kafka-storage.sh format} does.
     *
     * @param configFile where the settings go (the node reads them from there when it is a process of its own)
     * @param who the node, for the comment in the file and the error message
     * @throws IllegalStateException with the tool's output when formatting fails
     */
    public static void format(Path configFile, Properties props, String clusterId, String who) {
        try {
            Files.createDirectories(configFile.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                props.store(out, "written by planexec for " + who);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(
                    new String[] {
                        "format", "--cluster-id", clusterId, "--config", configFile.toString(), "--ignore-formatted"
                    },
                    out);
        }
        if (code != 0) {
            throw new IllegalStateException("cannot format " + who + ": "
                    + log.toString(StandardCharsets.UTF_8).trim());
        }
    }
}
