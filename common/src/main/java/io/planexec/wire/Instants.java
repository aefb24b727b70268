package io.planexec.wire;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The wire's instants ({@code 2026-01-31T12:00:00.123Z}) read and written without {@code DateTimeFormatter}, whose
 * general machinery cost the planner several percent of its CPU under load: every step result carries three
 * instants. Only the form planexec writes takes the short path (years 0000 to 9999, UTC, {@code Z}, zero to nine
 * fraction digits); any other text goes to {@link Instant#parse}, so what is accepted, and the errors, stay those of
 * the JDK. Writing gives exactly {@link Instant#toString()}.
 */
final class Instants {

    private static final long SECONDS_PER_DAY = 86_400;

    /** Epoch seconds of 0000-01-01T00:00:00Z and of 10000-01-01T00:00:00Z: the years written on the short path. */
    private static final long MIN_SHORT = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;

    private static final long MAX_SHORT = LocalDate.of(10_000, 1, 1).toEpochDay() * SECONDS_PER_DAY;

    /** What a fraction of {@code n} digits is multiplied by to give nanoseconds: {@code SCALE[9 - n]}. */
    private static final int[] SCALE = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Instants() {}

    /**
     * Parses an ISO-8601 instant as {@link Instant#parse} does.
     *
     * @throws java.time.format.DateTimeParseException as {@link Instant#parse} does
     */
    static Instant parse(String text) {
        Instant quick = parseCanonical(text);
        return quick != null ? quick : Instant.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f...]Z}, or {@code null} for any other text (including invalid dates). */
    private static Instant parseCanonical(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z') {
            return null;
        }
        if (s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (s.charAt(19) != '.' || fractionDigits == 0) {
                return null;
            }
            int fraction = digits(s, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * SCALE[9 - fractionDigits];
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The value of {@code count} ASCII digits at {@code from}, or {@code -1} if one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** Exactly {@link Instant#toString()}: {@code 2026-01-31T12:00:00Z}, with 3, 6 or 9 fraction digits when needed. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_SHORT || seconds >= MAX_SHORT) {
            return instant.toString();
        }
        long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int nanos = instant.getNano();
        char[] out = new char[30];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        int end = 19;
        if (nanos > 0) {
            out[end++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(out, end, nanos / 1_000_000, 3);
                end += 3;
            } else if (nanos % 1_000 == 0) {
                put(out, end, nanos / 1_000, 6);
                end += 6;
            } else {
                put(out, end, nanos, 9);
                end += 9;
            }
        }
        out[end++] = 'Z';
        return new String(out, 0, end);
    }

    /** Writes {@code value} as exactly {@code width} digits, zero-padded, at {@code at}. */
    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
