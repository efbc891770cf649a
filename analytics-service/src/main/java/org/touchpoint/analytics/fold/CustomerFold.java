package org.touchpoint.analytics.fold;

import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchContract;
import org.touchpoint.kit.folding.Contribution;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldContext;
import org.touchpoint.kit.folding.FoldOutcome;

/** The 360° state of every customer of one generation, and what it adds to the dashboards. */
public class CustomerFold implements Fold<CustomerView> {

    private final int generation;
    private final ViewContribution contribution;

    public CustomerFold(int generation, ViewContribution contribution) {
        this.generation = generation;
        this.contribution = contribution;
    }

    @Override
    public String name() {
        return "analytics-customers";
    }

    @Override
    public Class<CustomerView> type() {
        return CustomerView.class;
    }

    @Override
    public String collection() {
        return ViewCollections.customers(generation);
    }

    @Override
    public CustomerView create(String id) {
        return new CustomerView(id);
    }

    @Override
    public String viewIdOf(CrmEvent<Touch> touch) {
        return TouchContract.isAccountLevel(touch.data().kind()) ? null : touch.data().customerId();
    }

    @Override
    public FoldOutcome apply(CustomerView view, CrmEvent<Touch> touch, FoldContext context) {
        FoldOutcome outcome = view.apply(touch.data(), context.now());
        if (outcome != FoldOutcome.FORGET) {
            TouchCounts.count(TouchCounts.CUSTOMER_PREFIX, touch.data(), context);
        }
        return outcome;
    }

    @Override
    public String viewIdOfProfile(String customerId, CrmEvent<CustomerProfile> profile) {
        return customerId;
    }

    @Override
    public FoldOutcome applyProfile(CustomerView view, CrmEvent<CustomerProfile> profile, FoldContext context) {
        return view.applyProfile(profile.data(), context.now());
    }

    @Override
    public boolean aggregates() {
        return true;
    }

    @Override
    public String aggregateCollection() {
        return ViewCollections.aggregates(generation);
    }

    @Override
    public Contribution contribution(CustomerView view) {
        return contribution.of(view);
    }
}
