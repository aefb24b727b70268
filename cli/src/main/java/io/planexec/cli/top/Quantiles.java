package io.planexec.cli.top;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Quantiles from cumulative histogram buckets, the way Prometheus' {@code histogram_quantile} computes them. */
final class Quantiles {

    private Quantiles() {}

    /**
     * The q-quantile of the observations counted in {@code buckets} (upper bound to cumulative count, with {@code
     * +Inf}), interpolating linearly within the bucket it falls in; NaN when there are none.
     */
    static double of(double q, NavigableMap<Double, Double> buckets) {
        if (buckets.isEmpty()) {
            return Double.NaN;
        }
        double total = buckets.lastEntry().getValue();
        if (total <= 0 || buckets.lastKey() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            double upperBound = bucket.getKey();
            double count = bucket.getValue();
            if (count >= rank) {
                if (upperBound == Double.POSITIVE_INFINITY) {
                    return lowerBound;
                }
                double inBucket = count - lowerCount;
                return inBucket <= 0
                        ? upperBound
                        : lowerBound + (upperBound - lowerBound) * ((rank - lowerCount) / inBucket);
            }
            lowerBound = upperBound;
            lowerCount = count;
        }
        return lowerBound;
    }

    /** The buckets of {@code newer} minus those of {@code older}: the observations between two scrapes. */
    static NavigableMap<Double, Double> delta(NavigableMap<Double, Double> newer, NavigableMap<Double, Double> older) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        newer.forEach((bound, count) -> delta.put(bound, Math.max(0, count - older.getOrDefault(bound, 0.0))));
        return delta;
    }
}
