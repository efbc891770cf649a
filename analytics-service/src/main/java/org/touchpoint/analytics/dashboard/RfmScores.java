package org.touchpoint.analytics.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;
import org.touchpoint.analytics.AnalyticsProperties;
import org.touchpoint.analytics.fold.ViewStore;

/** The RFM model of a generation, recomputed over all customers at most every {@code crm.analytics.rfm-cache-ttl}. */
@Component
public class RfmScores {

    private final ViewStore store;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentMap<Integer, RfmModel> models = new ConcurrentHashMap<>();

    RfmScores(ViewStore store, Clock clock, AnalyticsProperties properties) {
        this.store = store;
        this.clock = clock;
        this.ttl = properties.rfmCacheTtl();
    }

    /** The model, reused while younger than the TTL (the 360 view). */
    public RfmModel model(int generation) {
        Instant now = clock.instant();
        RfmModel cached = models.get(generation);
        if (cached != null && cached.at().plus(ttl).isAfter(now)) {
            return cached;
        }
        return fresh(generation);
    }

    /** The model computed now (the RFM dashboard, which reads every customer anyway), cached for the 360 view. */
    public RfmModel fresh(int generation) {
        Instant now = clock.instant();
        RfmModel fresh;
        try (var customers = store.allCustomers(generation)) {
            fresh = RfmModel.of(customers::iterator, now);
        }
        models.keySet().removeIf(g -> g != generation);
        models.put(generation, fresh);
        return fresh;
    }
}
