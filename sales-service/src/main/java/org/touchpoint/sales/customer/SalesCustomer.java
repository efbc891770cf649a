package org.touchpoint.sales.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Money;
import org.touchpoint.kit.folding.FoldedView;

/**
 * sales-service's copy of one customer, folded by {@link SalesCustomerFold} from {@code crm.customer-profiles} and
 * {@code crm.touches}: the profile (the highest version seen) and what the briefing needs from other teams — open
 * support cases, SLA breaches, the last campaign message, satisfaction, past purchases. A document may exist before
 * its profile (touches can arrive first). The engine owns the version, the applied events and forgetting.
 */
public class SalesCustomer extends FoldedView {

    static final int MAX_CASES = 50;
    static final int MAX_BREACHES = 20;
    static final int MAX_CSAT = 20;
    static final int MAX_PURCHASES = 50;
    static final int MAX_EMAIL_KEYS = 20;

    private Profile profile;
    private long profileVersion = -1;
    /** The {@link EmailKeys} this customer was published under (the latest last), for erasure to remove them. */
    private List<String> emailKeys = new ArrayList<>();
    private List<CaseInfo> cases = new ArrayList<>();
    private List<SlaBreach> slaBreaches = new ArrayList<>();
    private CampaignMessage lastCampaign;
    private List<Csat> csat = new ArrayList<>();
    private List<Purchase> purchases = new ArrayList<>();

    public record Profile(String firstName, String lastName, String displayName, String nickname, String email,
                          String phone, String title, String accountId, String accountName, String ownerId,
                          String lifecycleStage, List<String> tags, Instant updatedAt, String preferences) {
    }

    /** A support case as its touches describe it; {@code stateAt} is the occurredAt of the touch that set {@code open}. */
    public record CaseInfo(String caseId, String number, String subject, String priority, String status, boolean open,
                           Instant openedAt, Instant stateAt) {
    }

    /** What one case touch says about the case (null where its kind does not say). */
    record CaseDetails(String number, String subject, String priority, String status) {
    }

    /** {@code dueAt} as an ISO-8601 string, as the briefing has always shown it. */
    public record SlaBreach(String caseId, String number, String target, String priority, String dueAt, Instant at) {
    }

    public record CampaignMessage(String campaignId, String campaignName, String objective, String offerCode,
                                  String offerName, String subject, Instant sentAt) {
    }

    public record Csat(String caseId, int score, String comment, Instant at) {
    }

    public record Purchase(String opportunityId, String name, Money amount, List<Item> lineItems, Instant at) {
    }

    /** A purchased line item, as {@code opportunity.won} carries it (decimals as plain strings). */
    public record Item(String productCode, String name, String category, String quantity, String unitPrice, Integer termMonths) {
    }

    SalesCustomer() {
    }

    SalesCustomer(String id) {
        super(id);
    }

    /** @return false when a profile at least as new is already held */
    boolean applyProfile(CustomerProfile p) {
        if (profile != null && p.version() <= profileVersion) {
            return false;
        }
        profile = new Profile(p.firstName(), p.lastName(), p.displayName(), p.nickname(), p.email(), p.phone(), p.title(),
                p.accountId(), p.accountName(), p.ownerId(), p.lifecycleStage(), p.tags(), p.updatedAt(), p.preferences());
        profileVersion = p.version();
        return true;
    }

    /**
     * Remembers the lookup key of the customer's current email (bounded: the oldest go first).
     *
     * @return false when it was the current one already (nothing to publish)
     */
    boolean rememberEmailKey(String key) {
        if (!emailKeys.isEmpty() && emailKeys.getLast().equals(key)) {
            return false;
        }
        emailKeys.remove(key);
        emailKeys.add(key);
        if (emailKeys.size() > MAX_EMAIL_KEYS) {
            emailKeys = new ArrayList<>(emailKeys.subList(emailKeys.size() - MAX_EMAIL_KEYS, emailKeys.size()));
        }
        return true;
    }

    /**
     * Folds a case touch. Details fill in whatever the touch carries; whether the case is open follows the latest
     * state-changing touch by occurredAt, so a late {@code case.opened} does not reopen a resolved case.
     *
     * @param open true (opened, reopened), false (resolved, closed), null (an update that does not change it)
     */
    void caseTouched(String caseId, CaseDetails d, Boolean open, boolean opening, Instant at) {
        CaseInfo current = cases.stream().filter(c -> c.caseId().equals(caseId)).findFirst().orElse(null);
        String number = or(d.number(), current == null ? null : current.number());
        String subject = or(d.subject(), current == null ? null : current.subject());
        String priority = or(d.priority(), current == null ? null : current.priority());
        boolean isOpen = current == null ? (open == null || open) : current.open();
        Instant stateAt = current == null ? null : current.stateAt();
        String status = current == null ? null : current.status();
        boolean newer = stateAt == null || !at.isBefore(stateAt);
        if (open != null && newer) {
            isOpen = open;
            stateAt = at;
            status = or(d.status(), open ? "open" : "resolved");
        } else if (open == null && newer) {
            status = or(d.status(), status);
        }
        Instant openedAt = opening ? at : current == null ? null : current.openedAt();
        cases.removeIf(c -> c.caseId().equals(caseId));
        cases.add(new CaseInfo(caseId, number, subject, priority, status, isOpen, openedAt, stateAt));
        if (cases.size() > MAX_CASES) {
            cases.stream().filter(c -> !c.open()).min(Comparator.comparing(c -> c.stateAt() == null ? Instant.EPOCH : c.stateAt()))
                    .ifPresent(cases::remove);
        }
    }

    void slaBreached(SlaBreach breach) {
        String number = breach.number() != null ? breach.number()
                : cases.stream().filter(c -> c.caseId().equals(breach.caseId())).map(CaseInfo::number).findFirst().orElse(null);
        slaBreaches.add(new SlaBreach(breach.caseId(), number, breach.target(), breach.priority(), breach.dueAt(), breach.at()));
        slaBreaches.sort(Comparator.comparing(SlaBreach::at).reversed());
        if (slaBreaches.size() > MAX_BREACHES) {
            slaBreaches = new ArrayList<>(slaBreaches.subList(0, MAX_BREACHES));
        }
    }

    /** @return false when the message is older than the last one kept */
    boolean messageSent(CampaignMessage message) {
        if (lastCampaign != null && message.sentAt().isBefore(lastCampaign.sentAt())) {
            return false;
        }
        lastCampaign = message;
        return true;
    }

    void csatReceived(String caseId, int score, String comment, Instant at) {
        csat.add(new Csat(caseId, score, comment, at));
        csat.sort(Comparator.comparing(Csat::at).reversed());
        if (csat.size() > MAX_CSAT) {
            csat = new ArrayList<>(csat.subList(0, MAX_CSAT));
        }
    }

    void purchased(String opportunityId, String name, Money amount, List<Item> lineItems, Instant at) {
        purchases.removeIf(p -> p.opportunityId().equals(opportunityId));
        purchases.add(new Purchase(opportunityId, name, amount, lineItems, at));
        purchases.sort(Comparator.comparing(Purchase::at).reversed());
        if (purchases.size() > MAX_PURCHASES) {
            purchases = new ArrayList<>(purchases.subList(0, MAX_PURCHASES));
        }
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }

    public Profile profile() {
        return profile;
    }

    List<String> emailKeys() {
        return List.copyOf(emailKeys);
    }

    List<CaseInfo> cases() {
        return cases;
    }

    List<SlaBreach> slaBreaches() {
        return slaBreaches;
    }

    CampaignMessage lastCampaign() {
        return lastCampaign;
    }

    List<Csat> csat() {
        return csat;
    }

    List<Purchase> purchases() {
        return purchases;
    }
}
