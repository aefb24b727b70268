package io.planexec.cli.top;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The samples of one moment, from every endpoint scraped, with the sums {@code top} shows: over instances, or by one
 * label.
 *
 * @param nanos when it was taken ({@link System#nanoTime()})
 * @param samples the samples of every endpoint
 */
public record Scrape(long nanos, List<Exposition.Sample> samples) {

    /** The sum of every sample of this name that matches. */
    public double sum(String name, Predicate<Map<String, String>> filter) {
        double sum = 0;
        for (Exposition.Sample s : samples) {
            if (s.name().equals(name) && filter.test(s.labels()) && !Double.isNaN(s.value())) {
                sum += s.value();
            }
        }
        return sum;
    }

    public double sum(String name) {
        return sum(name, labels -> true);
    }

    /** Whether any endpoint serves this name. */
    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /** The sums of the samples of this name by the value of one label (samples without it are left out). */
    public Map<String, Double> sumBy(String name, String label, Predicate<Map<String, String>> filter) {
        Map<String, Double> sums = new TreeMap<>();
        for (Exposition.Sample s : samples) {
            String key = s.labels().get(label);
            if (s.name().equals(name) && key != null && filter.test(s.labels()) && !Double.isNaN(s.value())) {
                sums.merge(key, s.value(), Double::sum);
            }
        }
        return sums;
    }

    public Map<String, Double> sumBy(String name, String label) {
        return sumBy(name, label, labels -> true);
    }

    /** A histogram's cumulative bucket counts by upper bound, summed over the matching series. */
    public NavigableMap<Double, Double> buckets(String histogram, Predicate<Map<String, String>> filter) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (Exposition.Sample s : samples) {
            String le = s.labels().get("le");
            if (s.name().equals(histogram + "_bucket") && le != null && filter.test(s.labels())) {
                double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.merge(bound, s.value(), Double::sum);
            }
        }
        return buckets;
    }
}
