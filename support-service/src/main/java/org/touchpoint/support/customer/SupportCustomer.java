package org.touchpoint.support.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchAttributes;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.FoldedView;
import org.touchpoint.support.customer.CustomerCopy.CampaignReceived;
import org.touchpoint.support.customer.CustomerCopy.DealEvent;
import org.touchpoint.support.customer.CustomerCopy.Profile;
import org.touchpoint.support.customer.CustomerCopy.RecentTouch;

/**
 * The support copy of one customer (collection {@value SupportCustomerFold#COLLECTION}, id = the customer id), folded
 * by {@link SupportCustomerFold}: the newest profile, the account its touches name, and bounded lists of recent
 * touches, deal touches and campaigns received. Every list is kept sorted by {@code occurredAt} and trimmed from its
 * oldest end, so the result does not depend on the order the events arrived in. Persisted state, never an API
 * response: {@link #copy()} is what readers get.
 */
class SupportCustomer extends FoldedView {

    static final int KEPT_DEAL_EVENTS = 200;
    static final int KEPT_CAMPAIGNS = 20;

    private Profile profile;
    private Long profileVersion;
    private String touchAccountId;
    private Instant touchAccountAt;
    private Instant firstSeenAt;
    private List<RecentTouch> recentTouches = new ArrayList<>();
    private List<DealEvent> dealHistory = new ArrayList<>();
    private List<CampaignReceived> campaigns = new ArrayList<>();

    SupportCustomer() {
    }

    SupportCustomer(String id) {
        super(id);
    }

    /** Keeps the snapshot when it is newer than the one held; false (nothing changed) for an older or equal version. */
    boolean newerProfile(CustomerProfile p) {
        if (profileVersion != null && p.version() <= profileVersion) {
            return false;
        }
        profile = new Profile(p.displayName(), p.firstName(), p.lastName(), p.nickname(), p.email(), p.phone(), p.title(),
                p.accountId(), p.accountName(), p.ownerId(), p.lifecycleStage(), p.tags());
        profileVersion = p.version();
        return true;
    }

    /** A touch about this customer: into the recent touches, and into the deals or campaigns when it is one. */
    void touched(CrmEvent<Touch> event, int keepTouches) {
        Touch t = event.data();
        Instant at = t.occurredAt();
        if (firstSeenAt == null || at.isBefore(firstSeenAt)) {
            firstSeenAt = at;
        }
        if (t.accountId() != null && (touchAccountAt == null || !at.isBefore(touchAccountAt))) {
            touchAccountId = t.accountId();
            touchAccountAt = at;
        }
        insertByTime(recentTouches, new RecentTouch(event.id(), t.kind(), t.channel(), at, t.actor(), t.summary(),
                event.source()), RecentTouch::occurredAt, keepTouches);
        switch (t.kind()) {
            case TouchKinds.OPPORTUNITY_CREATED, TouchKinds.OPPORTUNITY_UPDATED, TouchKinds.OPPORTUNITY_STAGE_CHANGED ->
                    insertByTime(dealHistory, openDeal(t), DealEvent::occurredAt, KEPT_DEAL_EVENTS);
            case TouchKinds.OPPORTUNITY_WON, TouchKinds.OPPORTUNITY_LOST ->
                    insertByTime(dealHistory, closedDeal(t), DealEvent::occurredAt, KEPT_DEAL_EVENTS);
            case TouchKinds.MESSAGE_SENT -> {
                TouchAttributes a = t.attrs();
                insertByTime(campaigns, new CampaignReceived(at, t.refs().get("campaignId"), t.refs().get("messageId"),
                        a.text("campaignName"), a.text("offerName"), a.text("offerCode"), a.text("subject"), t.channel()),
                        CampaignReceived::occurredAt, KEPT_CAMPAIGNS);
            }
            default -> {
            }
        }
    }

    /** A deal still open: its terms as the touch states them (created, updated, stage changed). */
    private static DealEvent openDeal(Touch t) {
        TouchAttributes a = t.attrs();
        LocalDate close = a.date("expectedCloseDate");
        return new DealEvent(t.occurredAt(), t.kind(), t.refs().get("opportunityId"), a.text("name"), a.text("stage"),
                a.integer("probability"), close == null ? null : close.toString(), a.text("ownerId"), amount(t.amount()),
                t.amount() == null ? null : t.amount().currency());
    }

    /** A deal won or lost: these kinds carry no stage, probability or close date. */
    private static DealEvent closedDeal(Touch t) {
        TouchAttributes a = t.attrs();
        return new DealEvent(t.occurredAt(), t.kind(), t.refs().get("opportunityId"), a.text("name"), null, null, null,
                a.text("ownerId"), amount(t.amount()), t.amount() == null ? null : t.amount().currency());
    }

    private static String amount(Money money) {
        var value = money == null ? null : TouchAttributes.asDecimal(money.amount());
        return value == null ? null : value.toPlainString();
    }

    /** Inserts after every element as old or older (stable), then drops the oldest beyond {@code keep}. */
    private static <T> void insertByTime(List<T> list, T item, Function<T, Instant> at, int keep) {
        int i = list.size();
        while (i > 0 && at.apply(list.get(i - 1)).isAfter(at.apply(item))) {
            i--;
        }
        list.add(i, item);
        while (list.size() > keep) {
            list.removeFirst();
        }
    }

    /** The account the customer belongs to: as its profile says, or before the profile, as its touches say. */
    String accountId() {
        return profile != null && profile.accountId() != null ? profile.accountId() : touchAccountId;
    }

    CustomerCopy copy() {
        return new CustomerCopy(id, profile, touchAccountId, dealHistory, campaigns, recentTouches);
    }
}
