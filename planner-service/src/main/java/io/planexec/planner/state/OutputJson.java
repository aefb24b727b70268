package io.planexec.planner.state;

import io.planexec.wire.StrictJson;
import io.planexec.wire.WireLimits;

/** Step outputs as they are stored: JSON text of the plain-Java JSON value an executor reported. */
public final class OutputJson {

    private static final StrictJson JSON =
            new StrictJson(new WireLimits(64 * 1024 * 1024, 128, 64 * 1024 * 1024, 100, 100_000));

    private OutputJson() {}

    /** The JSON text of a value ({@code null} becomes the text {@code null}). */
    public static String write(Object value) {
        return JSON.writeValueString(value);
    }

    /** The value of stored JSON text; {@code null} text (no output) gives {@code null}. */
    public static Object read(String json) {
        return json == null ? null : StrictJson.toValue(JSON.parse(json));
    }
}
