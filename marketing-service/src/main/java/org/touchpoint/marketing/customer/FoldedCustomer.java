package org.touchpoint.marketing.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Transient;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Money;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.events.TouchAttributes.LineItem;
import org.touchpoint.kit.folding.FoldedView;

/**
 * Marketing's copy of one customer (collection {@value CustomerViews#CUSTOMERS}), folded by {@link CustomerFold}: the
 * latest profile snapshot, what the customer bought and won, the open cases, engagement with campaigns, the last
 * conversation and the direct-mail opt-out. Persisted state: {@link CustomerViews} turns it into a {@link CustomerView}.
 */
class FoldedCustomer extends FoldedView {

    static final List<String> CONSENT_CHANNELS = List.of("email", "sms", "phone");

    /** A profile has arrived: only then is the customer a segment member or a recipient. */
    boolean known;
    Long profileVersion;
    String firstName;
    String lastName;
    String displayName;
    String nickname;
    String email;
    String accountId;
    String lifecycleStage;
    List<String> tags = new ArrayList<>();
    /** Per channel (email, sms, phone): true only when granted. */
    Map<String, Boolean> consent = new LinkedHashMap<>();
    /** Marketing's own suppression of direct mail (the profile has no consent for it): no snapshot overwrites it. */
    boolean mailOptOut;
    List<Purchase> purchases = new ArrayList<>();
    List<Win> wins = new ArrayList<>();
    List<OpenCase> openCases = new ArrayList<>();
    List<String> closedCases = new ArrayList<>();
    long opens;
    long clicks;
    long responses;
    /** The latest touch that was a conversation (not channel {@code system}). */
    Instant lastTouchAt;

    /** Set while a batch is folded: something segment rules read changed (not persisted). */
    @Transient
    boolean changed;
    /** The ids of the events folded into this copy in the current batch (not persisted). */
    @Transient
    List<String> batchEvents = new ArrayList<>();

    /** One won line item. */
    record Purchase(String productCode, String name, String category, Instant at, String opportunityId) {
    }

    /** One won deal: its total (a decimal string) in its currency. */
    record Win(String opportunityId, Instant at, String amount, String currency) {
    }

    record OpenCase(String caseId, String priority) {
    }

    FoldedCustomer() {
    }

    FoldedCustomer(String id) {
        super(id);
    }

    /** A newer snapshot replaces what the profile says; an older or equal one changes nothing. */
    boolean profile(CustomerProfile p) {
        if (profileVersion != null && profileVersion >= p.version()) {
            return false;
        }
        known = true;
        profileVersion = p.version();
        firstName = p.firstName();
        lastName = p.lastName();
        displayName = p.displayName();
        nickname = p.nickname();
        email = p.email();
        accountId = p.accountId();
        lifecycleStage = p.lifecycleStage();
        tags = new ArrayList<>(p.tags());
        consent = new LinkedHashMap<>();
        for (String channel : CONSENT_CHANNELS) {
            consent.put(channel, p.consents(channel));
        }
        return true;
    }

    /** A conversation with the customer: the last touch moves forward, never back. */
    boolean conversedAt(Instant at) {
        if (lastTouchAt != null && !lastTouchAt.isBefore(at)) {
            return false;
        }
        lastTouchAt = at;
        return true;
    }

    /** A won deal, counted once per opportunity whatever event ids it arrives under. */
    boolean won(String opportunityId, Instant at, Money amount, List<LineItem> items) {
        if (opportunityId == null || wins.stream().anyMatch(w -> opportunityId.equals(w.opportunityId()))
                || purchases.stream().anyMatch(p -> opportunityId.equals(p.opportunityId()))) {
            return false;
        }
        for (LineItem item : items) {
            purchases.add(new Purchase(item.productCode(), item.name(), item.category(), at, opportunityId));
        }
        if (amount != null) {
            wins.add(new Win(opportunityId, at, amount.value().toPlainString(), amount.currency()));
        }
        return amount != null || !items.isEmpty();
    }

    /** Opened, escalated or updated: a case this copy never saw open, or already closed, is a late touch and ignored. */
    boolean caseOpenOrChanged(String caseId, String priority, boolean opened) {
        if (caseId == null || closedCases.contains(caseId)) {
            return false;
        }
        int at = openCase(caseId);
        if (at < 0 && !opened) {
            return false;
        }
        String kept = priority != null ? priority : at >= 0 ? openCases.get(at).priority() : null;
        return putOpen(at, new OpenCase(caseId, kept));
    }

    boolean caseReopened(String caseId, String priority) {
        if (caseId == null) {
            return false;
        }
        boolean changed = closedCases.remove(caseId);
        int at = openCase(caseId);
        String kept = priority != null ? priority : at >= 0 ? openCases.get(at).priority() : null;
        return putOpen(at, new OpenCase(caseId, kept)) || changed;
    }

    boolean caseClosed(String caseId) {
        if (caseId == null) {
            return false;
        }
        boolean changed = openCases.removeIf(c -> caseId.equals(c.caseId()));
        if (!closedCases.contains(caseId)) {
            closedCases.add(caseId);
            changed = true;
        }
        return changed;
    }

    /** An open, a click or a response to a campaign message (each event counted once: the engine dedupes). */
    boolean engaged(String kind) {
        switch (kind) {
            case TouchKinds.MESSAGE_OPENED -> opens++;
            case TouchKinds.LINK_CLICKED -> clicks++;
            case TouchKinds.CAMPAIGN_RESPONDED -> responses++;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Our own unsubscribe link: stop at once, before customer-service's next snapshot says so. */
    boolean withdrew(String channel) {
        if (CONSENT_CHANNELS.contains(channel)) {
            return !Boolean.FALSE.equals(consent.put(channel, false));
        }
        if ("mail".equals(channel) && !mailOptOut) {
            mailOptOut = true;
            return true;
        }
        return false;
    }

    private int openCase(String caseId) {
        for (int i = 0; i < openCases.size(); i++) {
            if (caseId.equals(openCases.get(i).caseId())) {
                return i;
            }
        }
        return -1;
    }

    private boolean putOpen(int at, OpenCase c) {
        if (at < 0) {
            openCases.add(c);
            return true;
        }
        if (openCases.get(at).equals(c)) {
            return false;
        }
        openCases.set(at, c);
        return true;
    }
}
