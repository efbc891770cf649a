package org.touchpoint.support.customer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchContract;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldContext;
import org.touchpoint.kit.folding.FoldOutcome;

/**
 * The service's copy of each customer ({@link SupportCustomer}), folded from both topics by the kit's folding block:
 * the newest profile snapshot, and every customer touch into the recent touches, deal touches into the deal history,
 * {@code message.sent} into the campaigns received. Account-level touches ({@code account.*},
 * {@code entitlement.changed}) are not about a customer: ignored. A deleted or erased customer ({@code contact.deleted},
 * {@code customer.erased}, the profile tombstone) is forgotten: no later or redelivered event brings the copy back.
 */
@Component
class SupportCustomerFold implements Fold<SupportCustomer> {

    static final String COLLECTION = "customers";

    private final int keepTouches;

    SupportCustomerFold(@Value("${crm.support.context.kept-touches:50}") int keepTouches) {
        this.keepTouches = keepTouches;
    }

    @Override
    public String name() {
        return "support-customers";
    }

    @Override
    public Class<SupportCustomer> type() {
        return SupportCustomer.class;
    }

    @Override
    public String collection() {
        return COLLECTION;
    }

    @Override
    public SupportCustomer create(String id) {
        return new SupportCustomer(id);
    }

    @Override
    public String viewIdOf(CrmEvent<Touch> touch) {
        return TouchContract.isAccountLevel(touch.data().kind()) ? null : touch.data().customerId();
    }

    @Override
    public FoldOutcome apply(SupportCustomer view, CrmEvent<Touch> touch, FoldContext context) {
        String kind = touch.data().kind();
        if (TouchKinds.CONTACT_DELETED.equals(kind) || TouchKinds.CUSTOMER_ERASED.equals(kind)) {
            return FoldOutcome.FORGET;
        }
        view.touched(touch, keepTouches);
        return FoldOutcome.CHANGED;
    }

    @Override
    public String viewIdOfProfile(String customerId, CrmEvent<CustomerProfile> profile) {
        return customerId;
    }

    @Override
    public FoldOutcome applyProfile(SupportCustomer view, CrmEvent<CustomerProfile> profile, FoldContext context) {
        return view.newerProfile(profile.data()) ? FoldOutcome.CHANGED : FoldOutcome.UNCHANGED;
    }
}
