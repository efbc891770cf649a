package org.touchpoint.analytics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.analytics.*}.
 *
 * @param freshnessWindow      how many recently applied touches {@code GET /api/analytics/freshness} summarises
 * @param rebuildStaleAfter    a running rebuild whose replay made no progress for this long is stalled: a new one may start
 * @param attributionWindow    a won deal is attributed to the last campaign the customer clicked or answered within this
 * @param rfmCacheTtl          how long the 360 view reuses the RFM histograms
 */
@ConfigurationProperties("crm.analytics")
public record AnalyticsProperties(
        @DefaultValue("2000") int freshnessWindow,
        @DefaultValue("2m") Duration rebuildStaleAfter,
        @DefaultValue("90d") Duration attributionWindow,
        @DefaultValue("5s") Duration rfmCacheTtl) {
}
