package org.touchpoint.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusHistogramTest {

    private static String scrape(long le10ms, long le100ms, long le1s, long inf, long otherSource) {
        return """
                # HELP crm_touch_freshness_seconds Time from a touch happening to this service applying it
                # TYPE crm_touch_freshness_seconds histogram
                crm_touch_freshness_seconds_bucket{application="analytics-service",source="customer-service",le="0.01"} %d
                crm_touch_freshness_seconds_bucket{application="analytics-service",source="customer-service",le="0.1"} %d
                crm_touch_freshness_seconds_bucket{application="analytics-service",source="customer-service",le="1.0"} %d
                crm_touch_freshness_seconds_bucket{application="analytics-service",source="customer-service",le="+Inf"} %d
                crm_touch_freshness_seconds_count{application="analytics-service",source="customer-service"} %d
                crm_touch_freshness_seconds_bucket{application="analytics-service",source="sales-service",le="+Inf"} %d
                crm_touch_freshness_seconds_max{application="analytics-service",source="customer-service"} 0.5
                """.formatted(le10ms, le100ms, le1s, inf, inf, otherSource);
    }

    @Test
    void theDifferenceOfTwoScrapesHoldsOnlyWhatHappenedBetweenThem() {
        PrometheusHistogram before = PrometheusHistogram.parse(scrape(5, 5, 5, 5, 7), "crm_touch_freshness_seconds",
                Map.of("source", "customer-service"));
        PrometheusHistogram after = PrometheusHistogram.parse(scrape(5, 105, 205, 205, 70), "crm_touch_freshness_seconds",
                Map.of("source", "customer-service"));
        PrometheusHistogram run = after.minus(before);
        assertThat(run.count()).isEqualTo(200.0);
        // Half of the 200 new observations fell in (0.01, 0.1], half in (0.1, 1]: the median sits at the 0.1 bound.
        assertThat(run.quantile(0.5)).isCloseTo(0.1, within(1e-9));
        // p99: rank 198, 98 of the 100 in (0.1, 1] → 0.1 + 0.9 * 0.98.
        assertThat(run.quantile(0.99)).isCloseTo(0.1 + 0.9 * 0.98, within(1e-9));
    }

    @Test
    void aRankInTheInfBucketAnswersTheHighestFiniteBoundAndNoObservationsAnswerNaN() {
        PrometheusHistogram slow = PrometheusHistogram.parse(scrape(0, 0, 1, 10, 0), "crm_touch_freshness_seconds",
                Map.of("source", "customer-service"));
        assertThat(slow.quantile(0.99)).isEqualTo(1.0);
        PrometheusHistogram none = PrometheusHistogram.parse(scrape(0, 0, 0, 0, 0), "crm_touch_freshness_seconds",
                Map.of("source", "nobody"));
        assertThat(none.count()).isZero();
        assertThat(none.quantile(0.5)).isNaN();
    }

    @Test
    void seriesOfOtherSourcesAndOtherMetricsAreNotCounted() {
        PrometheusHistogram h = PrometheusHistogram.parse(scrape(1, 2, 3, 4, 1000), "crm_touch_freshness_seconds",
                Map.of("source", "customer-service"));
        assertThat(h.buckets()).hasSize(4).containsEntry(Double.POSITIVE_INFINITY, 4.0).containsEntry(0.01, 1.0);
    }
}
