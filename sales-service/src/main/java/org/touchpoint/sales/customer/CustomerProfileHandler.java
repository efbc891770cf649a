package org.touchpoint.sales.customer;

import org.springframework.stereotype.Component;
import org.touchpoint.events.EventCodec.ProfileRecord;
import org.touchpoint.kit.consumer.ProfileHandler;

/** Keeps the highest profile version of each customer; a tombstone erases the local copy. */
@Component
class CustomerProfileHandler implements ProfileHandler {

    private final CustomerViews views;

    CustomerProfileHandler(CustomerViews views) {
        this.views = views;
    }

    @Override
    public void onProfile(ProfileRecord record) {
        if (record.erased()) {
            views.erase(record.customerId());
            return;
        }
        // Profile snapshots are deduplicated by their version rather than their event id: an older or equal version
        // (a redelivery, or a replay of the compacted topic) changes nothing.
        views.fold(record.customerId(), null, view -> view.applyProfile(record.event().data()));
    }
}
