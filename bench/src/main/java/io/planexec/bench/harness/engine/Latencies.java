package io.planexec.bench.harness.engine;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram (HdrHistogram, microsecond resolution, 3 significant digits, up to 10 minutes), read in
 * milliseconds. Thread-safe.
 */
public final class Latencies {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);

    /** Records one latency; negative values count as 0, values above 10 minutes as 10 minutes. */
    public synchronized void recordNanos(long nanos) {
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000)));
    }

    /** Records one latency given in milliseconds. */
    public void recordMillis(long millis) {
        recordNanos(millis * 1_000_000);
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    /** The value at a percentile (0–100), in ms; {@code NaN} when nothing was recorded. */
    public synchronized double percentileMs(double percentile) {
        if (histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        return histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    public double p50Ms() {
        return percentileMs(50);
    }

    public double p99Ms() {
        return percentileMs(99);
    }

    /** The largest value, in ms; {@code NaN} when nothing was recorded. */
    public synchronized double maxMs() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1_000.0;
    }
}
