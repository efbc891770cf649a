package org.touchpoint.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * A growable array of latency samples in nanoseconds, one per thread (no locking), merged at the end of a run.
 * Percentiles are exact: nearest rank over the sorted samples (no histogram, no interpolation).
 */
final class Latencies {

    private long[] samples;
    private int size;

    Latencies() {
        this(1024);
    }

    Latencies(int initialCapacity) {
        samples = new long[Math.max(16, initialCapacity)];
    }

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[size++] = nanos;
    }

    int size() {
        return size;
    }

    /** Every sample of all parts, sorted ascending. */
    static long[] mergeSorted(Collection<Latencies> parts) {
        int total = parts.stream().mapToInt(Latencies::size).sum();
        long[] all = new long[total];
        int at = 0;
        for (Latencies part : parts) {
            System.arraycopy(part.samples, 0, all, at, part.size);
            at += part.size;
        }
        Arrays.sort(all);
        return all;
    }

    /**
     * The nearest-rank percentile of sorted samples: the smallest sample such that at least {@code p} percent of
     * the samples are at or below it. {@code p} in (0, 100].
     *
     * @throws IllegalArgumentException for no samples or p outside (0, 100]
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** Count, mean, p50, p90, p99, max of sorted nanosecond samples, in milliseconds. */
    static Summary summarize(long[] sorted) {
        if (sorted.length == 0) {
            return Summary.EMPTY;
        }
        double sum = 0;
        for (long sample : sorted) {
            sum += sample;
        }
        return new Summary(sorted.length, ms(sum / sorted.length), ms(percentile(sorted, 50)), ms(percentile(sorted, 90)),
                ms(percentile(sorted, 99)), ms(sorted[sorted.length - 1]));
    }

    private static double ms(double nanos) {
        return nanos / 1_000_000.0;
    }

    /** Latency figures in milliseconds; {@link #EMPTY} (count 0, NaN figures) when nothing was measured. */
    record Summary(long count, double meanMs, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

        static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
}
