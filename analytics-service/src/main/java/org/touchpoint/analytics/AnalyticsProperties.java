package org.touchpoint.analytics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.analytics.*}.
 *
 * @param freshnessWindow      how many recently applied touches {@code GET /api/analytics/freshness} summarises
 * @param rebuildStaleAfter    a running rebuild whose heartbeat is older than this is taken as dead: a new one may start
 * @param rebuildPollTimeout   how long one poll of the replay consumer waits
 * @param rebuildMaxPollRecords records per poll of the replay consumer
 * @param attributionWindow    a won deal is attributed to the last campaign the customer clicked or answered within this
 * @param rfmCacheTtl          how long the RFM thresholds computed over all customers are reused by the 360 view
 */
@ConfigurationProperties("crm.analytics")
public record AnalyticsProperties(
        @DefaultValue("2000") int freshnessWindow,
        @DefaultValue("2m") Duration rebuildStaleAfter,
        @DefaultValue("500ms") Duration rebuildPollTimeout,
        @DefaultValue("500") int rebuildMaxPollRecords,
        @DefaultValue("90d") Duration attributionWindow,
        @DefaultValue("5s") Duration rfmCacheTtl) {
}
