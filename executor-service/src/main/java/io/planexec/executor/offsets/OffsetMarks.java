package io.planexec.executor.offsets;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The codec of the offset metadata an executor commits with each offset: which offsets above the committed one are
 * already {@link Mark#DONE} or {@link Mark#STARTED}, so a consumer that takes the partition over skips them.
 *
 * <p>Format: {@code "pe1:"} followed by a tag and the base64url (no padding) of a payload. Offsets are counted from the
 * committed offset, each in state 0 (not marked), 1 (DONE) or 2 (STARTED), up to the last marked one. Tag {@code R}:
 * run-length, each run a varint of {@code length << 2 | state}. Tag {@code B}: a varint count of offsets, then two bits
 * per offset, four to a byte, lowest bits first. The encoder writes whichever is shorter, so the text never exceeds
 * the bitset's size, which depends only on the span between the committed offset and the last mark: see {@link
 * #maxSpan}.
 */
public final class OffsetMarks {

    /** What every encoded text starts with. */
    public static final String PREFIX = "pe1:";

    private static final int NONE = 0;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** A varint of a span below 2^21 takes at most 3 bytes. */
    private static final int COUNT_BYTES = 3;
    /** The longest span the format holds (a varint of three bytes). */
    private static final int MAX_SPAN = (1 << 21) - 1;

    private OffsetMarks() {}

    /**
     * Encodes marks.
     *
     * @param base the committed offset the marks are relative to
     * @param marks marks of offsets at or above {@code base}
     * @return the metadata text; empty when there are no marks
     */
    public static String encode(long base, NavigableMap<Long, Mark> marks) {
        NavigableMap<Long, Mark> above = marks.tailMap(base, true);
        if (above.isEmpty()) {
            return "";
        }
        long spanLong = above.lastKey() - base + 1;
        if (spanLong > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("marks span " + spanLong + " offsets, too many to encode");
        }
        int span = (int) spanLong;
        byte[] runs = runLength(base, above);
        byte[] bits = bitset(base, span, above);
        return runs.length <= bits.length
                ? PREFIX + "R" + ENCODER.encodeToString(runs)
                : PREFIX + "B" + ENCODER.encodeToString(bits);
    }

    /**
     * Decodes metadata.
     *
     * @param base the committed offset the metadata came with
     * @param text the metadata; empty or {@code null} gives no marks
     * @throws IllegalArgumentException when the text is not in this format
     */
    public static NavigableMap<Long, Mark> decode(long base, String text) {
        NavigableMap<Long, Mark> marks = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return marks;
        }
        if (!text.startsWith(PREFIX) || text.length() < PREFIX.length() + 1) {
            throw new IllegalArgumentException(
                    "offset metadata is not in planexec's format (" + PREFIX + "...): '" + abbreviate(text) + "'");
        }
        char tag = text.charAt(PREFIX.length());
        byte[] payload;
        try {
            payload = DECODER.decode(text.substring(PREFIX.length() + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("offset metadata is not valid base64: '" + abbreviate(text) + "'", e);
        }
        int[] position = {0};
        switch (tag) {
            case 'R' -> {
                long offset = base;
                while (position[0] < payload.length) {
                    long run = readVarint(payload, position);
                    int state = (int) (run & 3);
                    long length = run >>> 2;
                    if (offset - base + length > MAX_SPAN) {
                        throw new IllegalArgumentException("offset metadata spans more than " + MAX_SPAN + " offsets");
                    }
                    for (long i = 0; i < length; i++) {
                        put(marks, offset + i, state);
                    }
                    offset += length;
                }
            }
            case 'B' -> {
                long count = readVarint(payload, position);
                if (count > MAX_SPAN) {
                    throw new IllegalArgumentException("offset metadata spans more than " + MAX_SPAN + " offsets");
                }
                for (long i = 0; i < count; i++) {
                    int index = position[0] + (int) (i / 4);
                    if (index >= payload.length) {
                        throw new IllegalArgumentException("offset metadata bitset is truncated");
                    }
                    put(marks, base + i, (payload[index] >> (2 * (i % 4))) & 3);
                }
            }
            default -> throw new IllegalArgumentException("offset metadata has the unknown encoding '" + tag + "'");
        }
        return marks;
    }

    /**
     * The largest span (offsets from the committed offset to the last mark, inclusive) whose encoding is sure to fit in
     * {@code maxChars} characters.
     */
    public static int maxSpan(int maxChars) {
        int payloadChars = maxChars - PREFIX.length() - 1;
        int payloadBytes = payloadChars * 3 / 4;
        int span = (payloadBytes - COUNT_BYTES) * 4;
        if (span < 1) {
            throw new IllegalArgumentException("an offset metadata limit of " + maxChars + " characters is too small");
        }
        return Math.min(span, MAX_SPAN);
    }

    private static void put(Map<Long, Mark> marks, long offset, int state) {
        switch (state) {
            case NONE -> {}
            case 1 -> marks.put(offset, Mark.DONE);
            case 2 -> marks.put(offset, Mark.STARTED);
            default -> throw new IllegalArgumentException("offset metadata has the unknown state " + state);
        }
    }

    private static int state(Mark mark) {
        return mark == null ? NONE : mark == Mark.DONE ? 1 : 2;
    }

    private static byte[] runLength(long base, NavigableMap<Long, Mark> marks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = base;
        int runState = -1;
        long runLength = 0;
        for (Map.Entry<Long, Mark> e : marks.entrySet()) {
            long gap = e.getKey() - next;
            if (gap > 0) {
                if (runState == NONE) {
                    runLength += gap;
                } else {
                    writeRun(out, runState, runLength);
                    runState = NONE;
                    runLength = gap;
                }
            }
            int state = state(e.getValue());
            if (state == runState) {
                runLength++;
            } else {
                writeRun(out, runState, runLength);
                runState = state;
                runLength = 1;
            }
            next = e.getKey() + 1;
        }
        writeRun(out, runState, runLength);
        return out.toByteArray();
    }

    private static void writeRun(ByteArrayOutputStream out, int state, long length) {
        if (length > 0 && state >= 0) {
            writeVarint(out, (length << 2) | state);
        }
    }

    private static byte[] bitset(long base, int span, NavigableMap<Long, Mark> marks) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        writeVarint(header, span);
        byte[] bits = new byte[header.size() + (span + 3) / 4];
        System.arraycopy(header.toByteArray(), 0, bits, 0, header.size());
        for (Map.Entry<Long, Mark> e : marks.entrySet()) {
            long i = e.getKey() - base;
            bits[header.size() + (int) (i / 4)] |= (byte) (state(e.getValue()) << (2 * (i % 4)));
        }
        return bits;
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] in, int[] position) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= in.length) {
                throw new IllegalArgumentException("offset metadata ends inside a number");
            }
            byte b = in[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("offset metadata holds a number that is too long");
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
