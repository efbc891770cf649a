package org.touchpoint.analytics.fold;

import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchContract;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldContext;
import org.touchpoint.kit.folding.FoldOutcome;

/** The account copies of one generation, from account-level touches (whose customer id is the account id). */
public class AccountFold implements Fold<AccountView> {

    private final int generation;

    public AccountFold(int generation) {
        this.generation = generation;
    }

    @Override
    public String name() {
        return "analytics-accounts";
    }

    @Override
    public Class<AccountView> type() {
        return AccountView.class;
    }

    @Override
    public String collection() {
        return ViewCollections.accounts(generation);
    }

    @Override
    public AccountView create(String id) {
        return new AccountView(id);
    }

    @Override
    public String viewIdOf(CrmEvent<Touch> touch) {
        return TouchContract.isAccountLevel(touch.data().kind()) ? touch.data().customerId() : null;
    }

    @Override
    public FoldOutcome apply(AccountView view, CrmEvent<Touch> touch, FoldContext context) {
        view.apply(touch.data(), context.now());
        TouchCounts.count(TouchCounts.ACCOUNT_PREFIX, touch.data(), context);
        return FoldOutcome.CHANGED;
    }

    @Override
    public boolean aggregates() {
        return true;
    }

    @Override
    public String aggregateCollection() {
        return ViewCollections.accountAggregates(generation);
    }
}
