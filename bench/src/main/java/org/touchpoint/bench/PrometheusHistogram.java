package org.touchpoint.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One histogram series read from a Prometheus text exposition ({@code /actuator/prometheus}): the cumulative
 * bucket counts by upper bound. Two scrapes give the histogram of what happened between them
 * ({@link #minus}), whose quantiles are estimated as Prometheus' {@code histogram_quantile} does: linear
 * interpolation inside the bucket holding the rank.
 *
 * @param buckets upper bound ({@code le}, +Inf as {@link Double#POSITIVE_INFINITY}) → cumulative count
 */
record PrometheusHistogram(TreeMap<Double, Double> buckets) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\.|[^\"\\\\])*)\"");

    /**
     * The {@code <name>_bucket} series whose labels include every given label, summed over any other labels
     * (e.g. every instance of a tag the caller does not name). Empty buckets when the series is absent.
     */
    static PrometheusHistogram parse(String exposition, String name, Map<String, String> labels) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String bucketName = name + "_bucket";
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find() || !m.group(1).equals(bucketName)) {
                continue;
            }
            Map<String, String> found = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                found.put(l.group(1), l.group(2));
            }
            if (!found.entrySet().containsAll(labels.entrySet()) || !found.containsKey("le")) {
                continue;
            }
            double le = parseValue(found.get("le"));
            buckets.merge(le, parseValue(m.group(3)), Double::sum);
        }
        return new PrometheusHistogram(buckets);
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** Observations in the histogram (the +Inf bucket). */
    double count() {
        return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
    }

    /** What was observed after {@code earlier} was scraped (bucket by bucket; a bucket missing earlier counts 0). */
    PrometheusHistogram minus(PrometheusHistogram earlier) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        buckets.forEach((le, count) -> delta.put(le, count - earlier.buckets.getOrDefault(le, 0.0)));
        return new PrometheusHistogram(delta);
    }

    /**
     * The q-quantile (0..1) as {@code histogram_quantile} estimates it, in the histogram's unit; NaN without
     * observations. A rank in the +Inf bucket answers the highest finite bound.
     */
    double quantile(double q) {
        double total = count();
        if (total <= 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        double rank = q * total;
        List<Map.Entry<Double, Double>> entries = new ArrayList<>(buckets.entrySet());
        double previousBound = 0;
        double previousCount = 0;
        for (Map.Entry<Double, Double> bucket : entries) {
            double bound = bucket.getKey();
            double count = bucket.getValue();
            if (count >= rank) {
                if (Double.isInfinite(bound)) {
                    return previousBound;
                }
                double inBucket = count - previousCount;
                return inBucket <= 0 ? bound : previousBound + (bound - previousBound) * (rank - previousCount) / inBucket;
            }
            previousBound = bound;
            previousCount = count;
        }
        return previousBound;
    }
}
