package org.touchpoint.support;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;

/** The configured queues and tiers, read-only (they are configuration: {@code crm.support.queues}, {@code crm.support.tiers}). */
@RestController
class QueueController {

    private final SupportCatalog catalog;

    QueueController(SupportCatalog catalog) {
        this.catalog = catalog;
    }

    record QueuesResponse(List<String> queues, String defaultQueue, String escalationQueue, List<String> tiers,
                          String defaultTier, List<String> priorities, List<String> channels) {
    }

    @GetMapping("/api/queues")
    @RequiresScope(Scopes.CASES_READ)
    QueuesResponse queues() {
        return new QueuesResponse(catalog.queues(), catalog.defaultQueue(), catalog.escalationQueue(), catalog.tiers(),
                catalog.defaultTier(), SupportCatalog.PRIORITIES, SupportCatalog.CHANNELS);
    }
}
