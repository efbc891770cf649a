package org.touchpoint.marketing.customer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchAttributes.LineItem;
import org.touchpoint.events.TouchContract;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.Contribution;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldContext;
import org.touchpoint.kit.folding.FoldOutcome;

/**
 * Folds the profiles and the customer-level touches into marketing's copy of each customer ({@link FoldedCustomer}).
 * Touches may arrive before the profile: they are kept on a copy that is not yet {@code known}. A customer erased
 * (tombstone, {@code customer.erased}) is forgotten.
 *
 * <p>The customers of each account are kept as the members of an aggregate {@code account:<accountId>} (one document
 * per partition, maintained by the engine from each copy's {@code accountId}, so a customer who moves to another
 * account or is erased leaves the old one): an account's change reaches its customers by {@code _id} reads.
 *
 * <p>After each batch's write, the customers whose copy changed are announced once ({@link CustomerChanges}); a
 * failed announcement, a crash or a redelivery is made good by {@link CustomerChangedHandler}, record by record.
 */
@Component
@Order(2)
class CustomerFold implements Fold<FoldedCustomer> {

    private static final Logger log = LoggerFactory.getLogger(CustomerFold.class);
    static final String ACCOUNT_AGGREGATE = "account:";

    private final CustomerChanges changes;

    CustomerFold(CustomerChanges changes) {
        this.changes = changes;
    }

    @Override
    public String name() {
        return "marketing-customers";
    }

    @Override
    public Class<FoldedCustomer> type() {
        return FoldedCustomer.class;
    }

    @Override
    public String collection() {
        return CustomerViews.CUSTOMERS;
    }

    @Override
    public FoldedCustomer create(String id) {
        return new FoldedCustomer(id);
    }

    /** A customer-level touch that is a conversation or that one of the copy's figures follows; null otherwise. */
    @Override
    public String viewIdOf(CrmEvent<Touch> event) {
        Touch t = event.data();
        if (TouchContract.isAccountLevel(t.kind()) || t.customerId().startsWith("acc_")) {
            return null; // about an account, not one customer (an unknown kind keyed by an account id too)
        }
        if (!Channels.SYSTEM.equals(t.channel())) {
            return t.customerId();
        }
        return switch (t.kind()) {
            case TouchKinds.OPPORTUNITY_WON, TouchKinds.CASE_OPENED, TouchKinds.CASE_UPDATED, TouchKinds.CASE_ESCALATED,
                 TouchKinds.CASE_REOPENED, TouchKinds.CASE_RESOLVED, TouchKinds.CASE_CLOSED, TouchKinds.MESSAGE_OPENED,
                 TouchKinds.LINK_CLICKED, TouchKinds.CAMPAIGN_RESPONDED, TouchKinds.CONSENT_WITHDRAWN,
                 TouchKinds.CUSTOMER_ERASED -> t.customerId();
            default -> null; // bookkeeping marketing keeps nothing of (opportunity.updated: only won deals are kept)
        };
    }

    @Override
    public FoldOutcome apply(FoldedCustomer c, CrmEvent<Touch> event, FoldContext context) {
        Touch t = event.data();
        if (TouchKinds.CUSTOMER_ERASED.equals(t.kind())) {
            return FoldOutcome.FORGET;
        }
        c.batchEvents.add(event.id());
        boolean changed = !Channels.SYSTEM.equals(t.channel()) && c.conversedAt(t.occurredAt());
        changed |= switch (t.kind()) {
            case TouchKinds.OPPORTUNITY_WON -> won(c, t);
            case TouchKinds.CASE_OPENED, TouchKinds.CASE_UPDATED, TouchKinds.CASE_ESCALATED ->
                    c.caseOpenOrChanged(t.refs().get("caseId"), t.attrs().text("priority"), TouchKinds.CASE_OPENED.equals(t.kind()));
            case TouchKinds.CASE_REOPENED -> c.caseReopened(t.refs().get("caseId"), t.attrs().text("priority"));
            case TouchKinds.CASE_RESOLVED, TouchKinds.CASE_CLOSED -> c.caseClosed(t.refs().get("caseId"));
            case TouchKinds.MESSAGE_OPENED, TouchKinds.LINK_CLICKED, TouchKinds.CAMPAIGN_RESPONDED -> c.engaged(t.kind());
            case TouchKinds.CONSENT_WITHDRAWN -> c.withdrew(t.attrs().text("channel"));
            default -> false;
        };
        c.changed |= changed;
        return changed ? FoldOutcome.CHANGED : FoldOutcome.UNCHANGED;
    }

    private static boolean won(FoldedCustomer c, Touch t) {
        List<LineItem> items = t.attrs().lineItems("lineItems");
        String opportunityId = t.refs().get("opportunityId");
        boolean counted = c.won(opportunityId, t.occurredAt(), t.amount(), items);
        if (counted && t.amount() == null && !items.isEmpty()) {
            BigDecimal lines = items.stream().map(LineItem::total).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
            log.warn("opportunity.won {} of {} carries no amount: its revenue ({} in line items, currency unknown) is not counted",
                    opportunityId, t.customerId(), lines.toPlainString());
        }
        return counted;
    }

    @Override
    public String viewIdOfProfile(String customerId, CrmEvent<CustomerProfile> profile) {
        return customerId;
    }

    @Override
    public FoldOutcome applyProfile(FoldedCustomer c, CrmEvent<CustomerProfile> profile, FoldContext context) {
        c.batchEvents.add(profile.id());
        boolean changed = c.profile(profile.data());
        c.changed |= changed;
        return changed ? FoldOutcome.CHANGED : FoldOutcome.UNCHANGED;
    }

    /** The account's customer list: a known customer is a member of its account's aggregate. */
    @Override
    public boolean aggregates() {
        return true;
    }

    @Override
    public Contribution contribution(FoldedCustomer c) {
        return c.known && c.accountId != null ? new Contribution().member(ACCOUNT_AGGREGATE + c.accountId, c.getId(), 1)
                : new Contribution();
    }

    @Override
    public void written(List<FoldedCustomer> views) {
        changes.afterWrite(CustomerChanged.customers(views.stream().filter(v -> v.changed && !v.isForgotten())
                .map(FoldedCustomer::getId).toList()), views.stream().flatMap(v -> v.batchEvents.stream()).toList());
    }
}
