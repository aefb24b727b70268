package io.planexec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the files a verb is given; {@code -} means standard input. */
final class InputFiles {

    private InputFiles() {}

    /**
     * Reads a whole file, at most {@code limit} bytes.
     *
     * @param what what the file is, for the error ("request file", "tools file")
     * @throws UsageException saying which file and why it cannot be read
     */
    static byte[] read(String name, String what, InputStream stdin, int limit) {
        try {
            byte[] bytes;
            if (name.equals("-")) {
                bytes = stdin.readNBytes(limit + 1);
            } else {
                Path path = Path.of(name);
                if (Files.isDirectory(path)) {
                    throw new UsageException(what + " '" + name + "' is a directory, not a JSON file");
                }
                long size = Files.size(path);
                if (size > limit) {
                    throw new UsageException(
                            what + " '" + name + "' is " + size + " bytes, over the limit of " + limit);
                }
                bytes = Files.readAllBytes(path);
            }
            if (bytes.length > limit) {
                throw new UsageException(what + " on standard input is over the limit of " + limit + " bytes");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read " + what + " '" + name + "': no such file");
        } catch (IOException e) {
            throw new UsageException("cannot read " + what + " '" + name + "': " + e.getMessage());
        }
    }
}
