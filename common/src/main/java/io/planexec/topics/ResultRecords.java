package io.planexec.topics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a PlanResult travels as Kafka records: its headers, and its parts when it is larger than one record may be.
 * Documented in docs/protocol.md ("Result records").
 *
 * <p>The planner publishes every result to {@code <prefix>.plan-results}, keyed by plan id. A result that fits in one
 * record is one record without {@link #PART}. A larger one is split into consecutive byte ranges of its JSON, each a
 * record with {@link #PART} ({@code index/count}, from 1) and {@link #RESULT_ID}; a reader concatenates the values of
 * parts 1 to count of one result id, in order, and parses the whole. Every part has the same key, so all parts are on
 * one partition, in order.
 */
public final class ResultRecords {

    /**
     * A topic the result is also delivered to (the request's {@code reply_to}, or that of a resubmission while the plan
     * ran), one header per topic, UTF-8. The planner writes them on {@code <prefix>.plan-results}; its reply forwarder
     * copies the record there and leaves the header out of the copy.
     */
    public static final String REPLY_TO = "planexec.reply.to";

    /** On each part of a result sent in parts: {@code index/count}, decimal, {@code 1 <= index <= count}, UTF-8. */
    public static final String PART = "planexec.result.part";

    /** On each part of a result sent in parts: the same text on every part of one sending of the result. */
    public static final String RESULT_ID = "planexec.result.id";

    private ResultRecords() {}

    /**
     * The position of a record in a result sent in parts.
     *
     * @param index from 1
     * @param count the number of parts, at least 2
     */
    public record Part(int index, int count) {

        public Part {
            if (count < 2 || index < 1 || index > count) {
                throw new IllegalArgumentException("a result part must be index/count with 1 <= index <= count and"
                        + " count >= 2, got " + index + "/" + count);
            }
        }

        /** Reads the value of a {@link #PART} header. */
        public static Part parse(byte[] header) {
            String text = new String(header, StandardCharsets.UTF_8);
            int slash = text.indexOf('/');
            if (slash < 1 || slash == text.length() - 1) {
                throw new IllegalArgumentException(
                        "header " + PART + " must be index/count, got '" + abbreviate(text) + "'");
            }
            try {
                return new Part(
                        Integer.parseInt(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "header " + PART + " must be index/count in decimal, got '" + abbreviate(text) + "'");
            }
        }

        /** The value of its {@link #PART} header. */
        public String text() {
            return index + "/" + count;
        }

        public boolean isLast() {
            return index == count;
        }
    }

    /**
     * Splits a serialized result into parts of at most {@code maxPartBytes} each, in order. A result that fits is one
     * part (sent without part headers).
     */
    public static List<byte[]> split(byte[] result, int maxPartBytes) {
        if (maxPartBytes < 1) {
            throw new IllegalArgumentException("the part size must be at least 1 byte, got " + maxPartBytes);
        }
        if (result.length <= maxPartBytes) {
            return List.of(result);
        }
        List<byte[]> parts = new ArrayList<>(result.length / maxPartBytes + 1);
        for (int from = 0; from < result.length; from += maxPartBytes) {
            parts.add(Arrays.copyOfRange(result, from, Math.min(result.length, from + maxPartBytes)));
        }
        return parts;
    }

    /**
     * Puts the parts of one plan's result back together. Feed it the records of one plan id in partition order; it
     * returns the whole result when the last part of a result arrives. A part that does not continue the result being
     * assembled (another result id, a gap, a repeat) starts over: parts are only ever published together and in order,
     * so what was being assembled can no longer complete. Not thread-safe.
     */
    public static final class Assembly {

        private final long maxBytes;
        private String resultId;
        private int next = 1;
        private ByteArrayOutputStream bytes;

        /** @param maxBytes the largest result it assembles; a larger one is dropped with an error */
        public Assembly(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        /**
         * One record of the plan.
         *
         * @param part the record's {@link #PART} header, or {@code null} for a result in one record
         * @param resultId the record's {@link #RESULT_ID} header (needed with a part)
         * @return the complete result, or {@code null} while parts are missing
         * @throws IllegalArgumentException for a malformed part header or a result over the limit (the assembly is
         *     reset)
         */
        public byte[] add(byte[] part, byte[] resultId, byte[] value) {
            if (part == null) {
                reset();
                return value;
            }
            Part p = Part.parse(part);
            String id = resultId == null ? "" : new String(resultId, StandardCharsets.UTF_8);
            if (p.index() == 1 || !Objects.equals(id, this.resultId) || p.index() != next) {
                reset();
                if (p.index() != 1) {
                    return null; // the start of this result was not seen: it cannot complete
                }
                this.resultId = id;
                this.bytes = new ByteArrayOutputStream();
            }
            if ((long) bytes.size() + value.length > maxBytes) {
                reset();
                throw new IllegalArgumentException(
                        "result " + id + " is larger than the limit of " + maxBytes + " bytes");
            }
            bytes.write(value, 0, value.length);
            next = p.index() + 1;
            if (p.isLast()) {
                byte[] whole = bytes.toByteArray();
                reset();
                return whole;
            }
            return null;
        }

        /** Whether parts of a result are waiting for the rest. */
        public boolean inProgress() {
            return bytes != null;
        }

        private void reset() {
            resultId = null;
            next = 1;
            bytes = null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
