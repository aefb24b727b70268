package io.planexec.bench.harness.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's memory figures from Linux's {@code /proc/<pid>/status}. */
final class ProcessMemory {

    private ProcessMemory() {}

    /**
     * A field of a status file, e.g. {@code VmRSS:	  123456 kB}, in kB.
     *
     * @throws IOException when the file cannot be read or has no such field
     */
    static long read(Path statusFile, String field) throws IOException {
        for (String line : Files.readAllLines(statusFile)) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        throw new IOException(statusFile + " has no field " + field);
    }
}
