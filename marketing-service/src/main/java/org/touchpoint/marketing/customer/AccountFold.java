package org.touchpoint.marketing.customer;

import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldContext;
import org.touchpoint.kit.folding.FoldOutcome;

/**
 * Folds the account-level touches into marketing's copy of each account ({@link FoldedAccount}), keyed by the account
 * id the touch carries as {@code customerId}. Folded before the customers, so that a batch's customers are evaluated
 * against their accounts as the batch left them. Each account that changed is announced once per batch; its customers
 * are re-evaluated ({@link CustomerViews#customersOf}).
 */
@Component
@Order(1)
class AccountFold implements Fold<FoldedAccount> {

    private final CustomerChanges changes;

    AccountFold(CustomerChanges changes) {
        this.changes = changes;
    }

    @Override
    public String name() {
        return "marketing-accounts";
    }

    @Override
    public Class<FoldedAccount> type() {
        return FoldedAccount.class;
    }

    @Override
    public String collection() {
        return CustomerViews.ACCOUNTS;
    }

    @Override
    public FoldedAccount create(String id) {
        return new FoldedAccount(id);
    }

    /** account.created, account.updated and entitlement.changed; account.deleted folds nothing (the profiles follow). */
    @Override
    public String viewIdOf(CrmEvent<Touch> event) {
        return switch (event.data().kind()) {
            case TouchKinds.ACCOUNT_CREATED, TouchKinds.ACCOUNT_UPDATED, TouchKinds.ENTITLEMENT_CHANGED -> event.data().customerId();
            default -> null;
        };
    }

    @Override
    public FoldOutcome apply(FoldedAccount a, CrmEvent<Touch> event, FoldContext context) {
        Touch t = event.data();
        a.batchEvents.add(event.id());
        boolean changed = TouchKinds.ENTITLEMENT_CHANGED.equals(t.kind())
                ? a.entitlement(t.occurredAt(), t.attrs().text("tier"))
                : a.account(t.occurredAt(), t.attrs().text("name"), t.attrs().text("industry"), t.attrs().integer("size"),
                        t.attrs().text("tier"));
        a.changed |= changed;
        return changed ? FoldOutcome.CHANGED : FoldOutcome.UNCHANGED;
    }

    @Override
    public void written(List<FoldedAccount> views) {
        for (FoldedAccount a : views) {
            changes.afterWrite(a.changed ? CustomerChanged.account(a.getId()) : CustomerChanged.customers(List.of()), a.batchEvents);
        }
    }
}
