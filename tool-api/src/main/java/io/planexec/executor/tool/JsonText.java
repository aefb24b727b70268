package io.planexec.executor.tool;

import io.planexec.wire.StrictJson;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Small helpers for argument errors: a short JSON rendering of a value, and numbers as BigDecimal. */
final class JsonText {

    private static final int BRIEF_LENGTH = 60;
    private static final StrictJson JSON = new StrictJson();

    private JsonText() {}

    /** The value as JSON text, cut to a readable length: {@code "ten"}, {@code 1.5}, {@code {"a":1,...}}. */
    static String brief(Object json) {
        String text;
        try {
            text = JSON.writeValueString(json);
        } catch (IllegalArgumentException e) {
            text = String.valueOf(json);
        }
        return text.length() <= BRIEF_LENGTH ? text : text.substring(0, BRIEF_LENGTH) + "...";
    }

    /** A JSON number as a BigDecimal; {@code null} when the value is not a number. */
    static BigDecimal decimal(Object json) {
        if (json instanceof BigDecimal d) {
            return d;
        }
        if (json instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (json instanceof Integer || json instanceof Long || json instanceof Short || json instanceof Byte) {
            return BigDecimal.valueOf(((Number) json).longValue());
        }
        if (json instanceof Double || json instanceof Float) {
            double d = ((Number) json).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return null;
    }

    /** The message of a failure, or its type when it has none. */
    static String messageOf(Throwable failure) {
        return ToolErrors.message(failure);
    }
}
