package org.touchpoint.marketing.customer;

import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventCodec.ProfileRecord;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.ProfileHandler;
import org.touchpoint.kit.consumer.TouchHandler;

/**
 * The reaction that makes sure every folded change reaches segment membership (and every erasure reaches the
 * messages): for each record, after the folds, it announces the customer or account the record is about, unless the
 * folds announced it after their write ({@link CustomerChanges}). It runs for redeliveries too, so a change whose
 * announcement failed after the view was written is brought up to date by the retry. A listener that keeps failing
 * makes the folding listener retry the record, then dead-letter it.
 */
@Component
class CustomerChangedHandler implements TouchHandler, ProfileHandler {

    private final CustomerChanges changes;
    private final CustomerFold customers;
    private final AccountFold accounts;

    CustomerChangedHandler(CustomerChanges changes, CustomerFold customers, AccountFold accounts) {
        this.changes = changes;
        this.customers = customers;
        this.accounts = accounts;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        Touch t = event.data();
        if (TouchKinds.CUSTOMER_ERASED.equals(t.kind())) {
            changes.announce(null, CustomerChanged.erased(t.customerId()));
        } else if (accounts.viewIdOf(event) != null) {
            changes.announce(event.id(), CustomerChanged.account(accounts.viewIdOf(event)));
        } else if (customers.viewIdOf(event) != null) {
            changes.announce(event.id(), CustomerChanged.customer(customers.viewIdOf(event)));
        }
    }

    @Override
    public void onProfile(ProfileRecord record) {
        if (record.erased()) {
            changes.announce(null, CustomerChanged.erased(record.customerId()));
        } else {
            changes.announce(record.event().id(), CustomerChanged.customer(record.customerId()));
        }
    }
}
