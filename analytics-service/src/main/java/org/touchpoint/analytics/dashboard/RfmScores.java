package org.touchpoint.analytics.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;
import org.touchpoint.analytics.AnalyticsProperties;

/** The RFM model of a generation, read from its histograms at most every {@code crm.analytics.rfm-cache-ttl} (the 360 view scores every customer with it). */
@Component
public class RfmScores {

    private final Aggregates aggregates;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentMap<Integer, Cached> models = new ConcurrentHashMap<>();

    private record Cached(RfmModel model, Instant at) {
    }

    RfmScores(Aggregates aggregates, Clock clock, AnalyticsProperties properties) {
        this.aggregates = aggregates;
        this.clock = clock;
        this.ttl = properties.rfmCacheTtl();
    }

    public RfmModel model(int generation) {
        Instant now = clock.instant();
        Cached cached = models.get(generation);
        if (cached != null && cached.at().plus(ttl).isAfter(now)) {
            return cached.model();
        }
        return fresh(generation);
    }

    RfmModel fresh(int generation) {
        Instant now = clock.instant();
        RfmModel model = RfmModel.of(aggregates.sums(generation, RfmModel.NAME), now.atZone(ZoneOffset.UTC).toLocalDate());
        models.keySet().removeIf(g -> g != generation);
        models.put(generation, new Cached(model, now));
        return model;
    }
}
