package io.planexec.config;

import java.time.Duration;

/** Durations as people write them in messages: {@code 250 ms}, {@code 15 s}, {@code 2.5 s}, {@code 2 min 5 s}. */
public final class Durations {

    private Durations() {}

    /**
     * A duration for a message: milliseconds below a second, seconds (with a tenth when it is not whole) below a
     * minute, then minutes and seconds, then hours and minutes. A negative duration is written with a minus sign.
     */
    public static String human(Duration d) {
        if (d.isNegative()) {
            return "-" + human(d.negated());
        }
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            long tenths = Math.round(ms / 100.0);
            return tenths % 10 == 0 ? tenths / 10 + " s" : tenths / 10 + "." + tenths % 10 + " s";
        }
        long seconds = d.toSeconds();
        if (seconds < 3_600) {
            long s = seconds % 60;
            return seconds / 60 + " min" + (s == 0 ? "" : " " + s + " s");
        }
        long minutes = (seconds / 60) % 60;
        return seconds / 3_600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
    }
}
