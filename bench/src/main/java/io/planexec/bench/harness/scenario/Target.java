package io.planexec.bench.harness.scenario;

import java.util.Locale;

/**
 * A target of the benchmark: a figure, a comparison and a bound, e.g. {@code overhead_ms_p50 <= 10}.
 *
 * @param figure the figure's key
 * @param atMost {@code true} for "at most" ({@code <=}), {@code false} for "at least" ({@code >=})
 * @param bound the bound
 */
public record Target(String figure, boolean atMost, double bound) {

    public static Target atMost(String figure, double bound) {
        return new Target(figure, true, bound);
    }

    public static Target atLeast(String figure, double bound) {
        return new Target(figure, false, bound);
    }

    /** Whether the figure meets the target; a missing figure does not. */
    public boolean metBy(Figures figures) {
        double value = figures.number(figure);
        if (Double.isNaN(value)) {
            return false;
        }
        return atMost ? value <= bound : value >= bound;
    }

    /** {@code <= 10} or {@code >= 5000}. */
    public String describe() {
        String number =
                bound == Math.rint(bound) ? String.format(Locale.ROOT, "%,d", (long) bound) : String.valueOf(bound);
        return (atMost ? "<= " : ">= ") + number;
    }
}
