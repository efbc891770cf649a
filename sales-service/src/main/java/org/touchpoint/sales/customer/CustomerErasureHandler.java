package org.touchpoint.sales.customer;

import org.springframework.stereotype.Component;
import org.touchpoint.events.EventCodec.ProfileRecord;
import org.touchpoint.kit.consumer.ProfileHandler;

/**
 * On a tombstone, completes the customer's erasure ({@link Erasures#run}). It runs after the folds, so the copy is
 * already forgotten (late writes about the customer are refused from then on), and for every tombstone, whether or
 * not the fold applied it: a redelivered tombstone runs every (idempotent) step again. A failure is retried by the
 * kit, then dead-lettered; the pending erasure stays, and {@link ErasureRetry} completes it.
 */
@Component
class CustomerErasureHandler implements ProfileHandler {

    private final Erasures erasures;

    CustomerErasureHandler(Erasures erasures) {
        this.erasures = erasures;
    }

    @Override
    public void onProfile(ProfileRecord record) {
        if (record.erased()) {
            erasures.run(record.customerId());
        }
    }
}
