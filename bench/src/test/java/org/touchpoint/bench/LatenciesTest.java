package org.touchpoint.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    private static long[] oneToHundred() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        return values;
    }

    @Test
    void nearestRankPercentilesOfOneToHundredAreTheRankItself() {
        long[] sorted = oneToHundred();
        assertThat(Latencies.percentile(sorted, 50)).isEqualTo(50);
        assertThat(Latencies.percentile(sorted, 99)).isEqualTo(99);
        assertThat(Latencies.percentile(sorted, 99.5)).isEqualTo(100);
        assertThat(Latencies.percentile(sorted, 100)).isEqualTo(100);
        assertThat(Latencies.percentile(sorted, 0.1)).isEqualTo(1);
    }

    @Test
    void aSingleSlowSampleInAHundredIsThePercentileAboveNinetyNine() {
        long[] sorted = new long[100];
        java.util.Arrays.fill(sorted, 1_000_000L);
        sorted[99] = 900_000_000L;
        Latencies.Summary summary = Latencies.summarize(sorted);
        assertThat(summary.p99Ms()).isEqualTo(1.0);
        assertThat(summary.maxMs()).isEqualTo(900.0);
        assertThat(summary.meanMs()).isCloseTo((99 * 1.0 + 900) / 100, within(1e-9));
    }

    @Test
    void mergingPartsSortsEverySampleOfEveryPart() {
        Latencies a = new Latencies(16);
        Latencies b = new Latencies(16);
        for (int i = 0; i < 40; i++) { // beyond the initial capacity: the array grows
            a.add(1000 - i);
        }
        b.add(5);
        b.add(2000);
        long[] merged = Latencies.mergeSorted(List.of(a, b));
        assertThat(merged).hasSize(42).startsWith(5, 961, 962).endsWith(1000, 2000);
    }

    @Test
    void refusesNoSamplesAndPercentilesOutOfRange() {
        assertThatThrownBy(() -> Latencies.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Latencies.percentile(oneToHundred(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Latencies.percentile(oneToHundred(), 100.1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Latencies.summarize(new long[0]).count()).isZero();
        assertThat(Latencies.summarize(new long[0]).p50Ms()).isNaN();
    }

    @Test
    void closedLoadRunsCombineTheirTimeCountsErrorsAndSamples() {
        long[] first = {1_000_000, 2_000_000};
        long[] second = {3_000_000};
        ClosedLoad.Result a = new ClosedLoad.Result("a", 4, 2.0, 2, java.util.Map.of("429", 1L), Latencies.summarize(first), first);
        ClosedLoad.Result b = new ClosedLoad.Result("b", 4, 1.0, 1, java.util.Map.of("429", 2L, "503", 1L), Latencies.summarize(second), second);
        ClosedLoad.Result both = ClosedLoad.Result.combine("both", List.of(a, b));
        assertThat(both.ok()).isEqualTo(3);
        assertThat(both.requestsPerSecond()).isEqualTo(1.0);
        assertThat(both.errors()).containsEntry("429", 3L).containsEntry("503", 1L);
        assertThat(both.errorCount()).isEqualTo(4);
        assertThat(both.latency().p50Ms()).isEqualTo(2.0);
        assertThat(both.latency().maxMs()).isEqualTo(3.0);
    }
}
