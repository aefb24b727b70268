package io.planexec.bench.harness.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one scenario, in insertion order: numbers (rounded to 3 decimals; {@code NaN} is written as {@code
 * null}), strings, booleans, and nested objects. Keys are snake_case; a baseline's figures carry its prefix
 * ({@code serial_}, {@code inprocess_}).
 */
public final class Figures {

    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Adds a number. */
    public Figures put(String key, double value) {
        values.put(key, Double.isNaN(value) || Double.isInfinite(value) ? null : round(value));
        return this;
    }

    /** Adds a whole number. */
    public Figures put(String key, long value) {
        values.put(key, value);
        return this;
    }

    /** Adds a text. */
    public Figures put(String key, String value) {
        values.put(key, value);
        return this;
    }

    /** Adds a flag. */
    public Figures put(String key, boolean value) {
        values.put(key, value);
        return this;
    }

    /** Adds a nested object. */
    public Figures put(String key, Figures nested) {
        values.put(key, nested.asMap());
        return this;
    }

    /** A number, or {@code NaN} when absent or not a number. */
    public double number(String key) {
        return values.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The figures as plain JSON values. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
