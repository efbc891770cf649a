package org.touchpoint.sales.customer;

import java.util.List;
import org.springframework.stereotype.Component;
import org.touchpoint.events.EventCodec.ProfileRecord;
import org.touchpoint.kit.consumer.ProfileHandler;

/**
 * Keeps the highest profile version of each customer. A tombstone erases the local copy first (the marker that makes
 * later records about the customer be refused), then every feature's {@link CustomerErasure} step; a failure makes the
 * record be redelivered and every (idempotent) step run again.
 */
@Component
class CustomerProfileHandler implements ProfileHandler {

    private final CustomerViews views;
    private final List<CustomerErasure> erasures;

    CustomerProfileHandler(CustomerViews views, List<CustomerErasure> erasures) {
        this.views = views;
        this.erasures = erasures;
    }

    @Override
    public void onProfile(ProfileRecord record) {
        if (record.erased()) {
            views.erase(record.customerId());
            erasures.forEach(step -> step.forget(record.customerId()));
            return;
        }
        // Profile snapshots are deduplicated by their version rather than their event id: an older or equal version
        // (a redelivery, or a replay of the compacted topic) changes nothing.
        views.fold(record.customerId(), null, view -> view.applyProfile(record.event().data()));
    }
}
