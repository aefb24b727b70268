package io.planexec.cli.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Quantiles as Prometheus' histogram_quantile computes them (values checked against it by hand). */
class QuantilesTest {

    @Test
    void shouldInterpolateWithinTheBucketTheRankFallsIn() {
        // 10 observations <= 0.1, 90 more <= 1, none above
        NavigableMap<Double, Double> buckets = buckets(0.1, 10, 1.0, 100, Double.POSITIVE_INFINITY, 100);

        assertThat(Quantiles.of(0.05, buckets)).isCloseTo(0.05, within(1e-9));
        assertThat(Quantiles.of(0.5, buckets)).isCloseTo(0.1 + 0.9 * (40.0 / 90), within(1e-9));
        assertThat(Quantiles.of(0.99, buckets)).isCloseTo(0.1 + 0.9 * (89.0 / 90), within(1e-9));
    }

    @Test
    void shouldAnswerTheHighestFiniteBoundWhenTheRankIsInTheInfiniteBucket() {
        NavigableMap<Double, Double> buckets = buckets(1.0, 1, 60.0, 2, Double.POSITIVE_INFINITY, 10);

        assertThat(Quantiles.of(0.99, buckets)).isEqualTo(60.0);
    }

    @Test
    void shouldAnswerNaNWithoutObservations() {
        assertThat(Quantiles.of(0.5, buckets(1.0, 0, Double.POSITIVE_INFINITY, 0)))
                .isNaN();
        assertThat(Quantiles.of(0.5, new TreeMap<>())).isNaN();
    }

    @Test
    void shouldSubtractAnOlderScrapesCounts() {
        NavigableMap<Double, Double> delta = Quantiles.delta(
                buckets(1.0, 15, Double.POSITIVE_INFINITY, 20), buckets(1.0, 10, Double.POSITIVE_INFINITY, 10));

        assertThat(delta).isEqualTo(buckets(1.0, 5, Double.POSITIVE_INFINITY, 10));
    }

    private static NavigableMap<Double, Double> buckets(double... boundsAndCounts) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (int i = 0; i < boundsAndCounts.length; i += 2) {
            buckets.put(boundsAndCounts[i], boundsAndCounts[i + 1]);
        }
        return buckets;
    }
}
