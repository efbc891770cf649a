package org.touchpoint.analytics.freshness;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;

/** How fresh the views are: lag from a touch happening to this replica applying it, over the recent window. */
@RestController
class FreshnessController {

    private final FreshnessWindow window;
    private final ConsumerBacklog backlog;

    FreshnessController(FreshnessWindow window, ConsumerBacklog backlog) {
        this.window = window;
        this.backlog = backlog;
    }

    /**
     * The lag of the last applied touch, p50/p99 per source service over the recent window (this replica), and the
     * records not yet applied per topic (all replicas: committed offsets of the consumer groups).
     */
    @GetMapping("/api/analytics/freshness")
    @RequiresScope(Scopes.ANALYTICS_READ)
    Freshness freshness() {
        return new Freshness(window.report(), backlog.perTopic());
    }

    /** @param backlog topic → records published but not yet applied; null when Kafka did not answer */
    record Freshness(@com.fasterxml.jackson.annotation.JsonUnwrapped FreshnessWindow.Report window, java.util.Map<String, Long> backlog) {
    }
}
