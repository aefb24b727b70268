package io.planexec.wire;

/**
 * A message that is not valid planexec wire format. The message names what is wrong and where, as a JSON path
 * ({@code $.steps[2].depends_on}), so an agent or its developer can fix it.
 */
public final class WireFormatException extends RuntimeException {

    private final String path;

    public WireFormatException(String path, String problem) {
        this(path, problem, null);
    }

    public WireFormatException(String path, String problem, Throwable cause) {
        super(path == null || path.isEmpty() ? problem : path + ": " + problem, cause);
        this.path = path == null ? "" : path;
    }

    /** Where the problem is, as a JSON path starting at {@code $}; empty when it concerns the whole document. */
    public String path() {
        return path;
    }
}
