package io.planexec.wire;

/**
 * Bounds on every document planexec parses, so a hostile or broken message costs little and is rejected with a clear
 * error.
 *
 * @param maxDocumentBytes the largest document accepted (default 1 MiB, the broker's default message limit)
 * @param maxNestingDepth the deepest nesting of objects and arrays (default 64)
 * @param maxStringLength the longest string value (default: the document limit)
 * @param maxNumberLength the most characters in a number (default 100)
 * @param maxNameLength the longest object key (default 1,000)
 */
public record WireLimits(
        int maxDocumentBytes, int maxNestingDepth, int maxStringLength, int maxNumberLength, int maxNameLength) {

    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 1024 * 1024;

    public static final WireLimits DEFAULTS =
            new WireLimits(DEFAULT_MAX_DOCUMENT_BYTES, 64, DEFAULT_MAX_DOCUMENT_BYTES, 100, 1_000);

    public WireLimits {
        if (maxDocumentBytes < 1024
                || maxNestingDepth < 8
                || maxStringLength < 1
                || maxNumberLength < 20
                || maxNameLength < 64) {
            throw new IllegalArgumentException("wire limits too small: " + maxDocumentBytes + " bytes, depth "
                    + maxNestingDepth + ", string " + maxStringLength + ", number " + maxNumberLength + ", name "
                    + maxNameLength);
        }
    }

    /** The defaults with another document size limit. */
    public static WireLimits withMaxDocumentBytes(int maxDocumentBytes) {
        return new WireLimits(
                maxDocumentBytes,
                DEFAULTS.maxNestingDepth,
                maxDocumentBytes,
                DEFAULTS.maxNumberLength,
                DEFAULTS.maxNameLength);
    }
}
