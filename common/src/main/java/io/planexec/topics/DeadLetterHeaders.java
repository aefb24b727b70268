package io.planexec.topics;

/**
 * The headers of a record on {@code planexec.dead-letters}: the original key and value bytes, unchanged, plus these
 * headers (UTF-8 text) naming what was wrong and where the record came from. Documented in docs/protocol.md.
 */
public final class DeadLetterHeaders {

    /** What was wrong, e.g. {@code $.steps[0].id: expected a string, got a number}. */
    public static final String ERROR = "planexec.error";

    /** Where in the document, as a JSON path ({@code $.steps[0].id}); empty when it concerns the whole document. */
    public static final String ERROR_PATH = "planexec.error.path";

    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "planexec.source.topic";

    /** Its partition, in decimal. */
    public static final String SOURCE_PARTITION = "planexec.source.partition";

    /** Its offset, in decimal. */
    public static final String SOURCE_OFFSET = "planexec.source.offset";

    private DeadLetterHeaders() {}
}
