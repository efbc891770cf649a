package org.touchpoint.analytics.fold;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.FoldOutcome;
import org.touchpoint.kit.folding.FoldedView;

/**
 * Everything analytics knows about one customer, folded from its touches and its profile: the state behind the 360°
 * view, in parts (touch statistics, deals, support, marketing), each folding the kinds it cares about. The fold is
 * order-tolerant: per object (deal, case) the state is the one of the latest {@code occurredAt}, counters are sums,
 * times are min/max, the profile is the highest version; lists are kept sorted by their key, so the same set of
 * events yields the same document in any order. Exactly-once and forgetting are the folding block's.
 *
 * <p>Persisted state, not the API: responses are built in {@code customer.Customer360}.
 */
public class CustomerView extends FoldedView {

    private ViewProfile profile;
    private String accountId;
    private Instant accountIdAt;
    private Instant updatedAt;
    private TouchStats touches = new TouchStats();
    private Deals deals = new Deals();
    private SupportFigures support = new SupportFigures();
    private MarketingFigures marketing = new MarketingFigures();

    CustomerView() {
    }

    public CustomerView(String id) {
        super(id);
    }

    /** Applies a newer profile snapshot (by version); an older or equal one changes nothing. */
    public FoldOutcome applyProfile(CustomerProfile p, Instant now) {
        if (profile != null && profile.version >= p.version()) {
            return FoldOutcome.UNCHANGED;
        }
        profile = ViewProfile.of(p);
        updatedAt = now;
        return FoldOutcome.CHANGED;
    }

    /** Folds one touch of this customer; erasure kinds forget it. */
    public FoldOutcome apply(Touch t, Instant now) {
        if (TouchKinds.CONTACT_DELETED.equals(t.kind()) || TouchKinds.CUSTOMER_ERASED.equals(t.kind())) {
            return FoldOutcome.FORGET;
        }
        Instant at = t.occurredAt();
        if (t.accountId() != null && (accountIdAt == null || !at.isBefore(accountIdAt))) {
            accountId = t.accountId();
            accountIdAt = at;
        }
        touches.apply(t);
        deals.apply(t);
        support.apply(t);
        marketing.apply(t);
        updatedAt = now;
        return FoldOutcome.CHANGED;
    }

    // ------------------------------------------------------------------ derived figures

    /** Won revenue per currency. */
    public List<Amount> lifetimeValue() {
        return deals.wonRevenue();
    }

    public long wins() {
        return deals.wins();
    }

    public Instant lastPurchaseAt() {
        return deals.lastWinAt();
    }

    public List<Opportunity> openOpportunities() {
        return deals.open();
    }

    public List<SupportFigures.SupportCase> openCases() {
        return support.openCases();
    }

    public Double averageCsat() {
        return support.averageCsat();
    }

    public Integer engagementScore() {
        return marketing.engagementScore();
    }

    /** Interactions (non-system touches) on the UTC days from {@code fromInclusive} to {@code toExclusive}. */
    public long interactionsBetween(LocalDate fromInclusive, LocalDate toExclusive) {
        return touches.interactionsBetween(fromInclusive, toExclusive);
    }

    /** Someone who bought, or whom the profile calls a customer (leads and prospects cannot churn). */
    public boolean isCustomer() {
        return wins() > 0 || (profile != null && "customer".equalsIgnoreCase(profile.lifecycleStage));
    }

    public boolean isPartial() {
        return profile == null;
    }

    public String displayName() {
        return profile == null ? null : profile.displayName;
    }

    // ------------------------------------------------------------------ accessors

    public ViewProfile getProfile() {
        return profile;
    }

    public String getAccountId() {
        return profile != null && profile.accountId != null ? profile.accountId : accountId;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public TouchStats touches() {
        return touches;
    }

    public Deals deals() {
        return deals;
    }

    public SupportFigures support() {
        return support;
    }

    public MarketingFigures marketing() {
        return marketing;
    }
}
