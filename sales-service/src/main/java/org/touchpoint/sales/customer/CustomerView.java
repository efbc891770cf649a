package org.touchpoint.sales.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Money;

/**
 * sales-service's copy of one customer, folded from {@code crm.customer-profiles} and {@code crm.touches}: the
 * profile (the highest version seen) and what the briefing needs from other teams — open support cases, SLA
 * breaches, the last campaign message, satisfaction, past purchases. A document may exist before its profile
 * (touches can arrive first); an erased customer is reduced to a marker that nothing brings back.
 */
@Document("customers")
public class CustomerView {

    static final int APPLIED_WINDOW = 500;
    static final int MAX_CASES = 50;
    static final int MAX_BREACHES = 20;
    static final int MAX_CSAT = 20;
    static final int MAX_PURCHASES = 50;

    @Id
    private String id;
    @Version
    private Long version;
    private boolean erased;
    private Profile profile;
    private long profileVersion = -1;
    /** The profile's email, lower-cased, to link a converted lead to an existing customer. */
    @Indexed(sparse = true)
    private String emailKey;
    private List<CaseInfo> cases = new ArrayList<>();
    private List<SlaBreach> slaBreaches = new ArrayList<>();
    private CampaignMessage lastCampaign;
    private List<Csat> csat = new ArrayList<>();
    private List<Purchase> purchases = new ArrayList<>();
    private List<String> appliedEvents = new ArrayList<>();

    public record Profile(String firstName, String lastName, String displayName, String nickname, String email,
                          String phone, String title, String accountId, String accountName, String ownerId,
                          String lifecycleStage, List<String> tags, Instant updatedAt, String preferences) {
    }

    /** A support case as its touches describe it; {@code stateAt} is the occurredAt of the touch that set {@code open}. */
    public record CaseInfo(String caseId, String number, String subject, String priority, String status, boolean open,
                           Instant openedAt, Instant stateAt) {
    }

    public record SlaBreach(String caseId, String number, String target, String priority, String dueAt, Instant at) {
    }

    public record CampaignMessage(String campaignId, String campaignName, String objective, String offerCode,
                                  String offerName, String subject, Instant sentAt) {
    }

    public record Csat(String caseId, int score, String comment, Instant at) {
    }

    public record Purchase(String opportunityId, String name, Money amount, List<Item> lineItems, Instant at) {
    }

    /** A purchased line item, as {@code opportunity.won} carries it (decimals as strings). */
    public record Item(String productCode, String name, String category, String quantity, String unitPrice, Integer termMonths) {
    }

    CustomerView() {
    }

    CustomerView(String id) {
        this.id = id;
    }

    boolean applied(String eventId) {
        return appliedEvents.contains(eventId);
    }

    void markApplied(String eventId) {
        appliedEvents.add(eventId);
        if (appliedEvents.size() > APPLIED_WINDOW) {
            appliedEvents = new ArrayList<>(appliedEvents.subList(appliedEvents.size() - APPLIED_WINDOW, appliedEvents.size()));
        }
    }

    /** @return false when a profile at least as new is already held */
    boolean applyProfile(CustomerProfile p) {
        if (profile != null && p.version() <= profileVersion) {
            return false;
        }
        profile = new Profile(p.firstName(), p.lastName(), p.displayName(), p.nickname(), p.email(), p.phone(), p.title(),
                p.accountId(), p.accountName(), p.ownerId(), p.lifecycleStage(), p.tags(), p.updatedAt(), p.preferences());
        profileVersion = p.version();
        emailKey = p.email() == null ? null : p.email().trim().toLowerCase(Locale.ROOT);
        return true;
    }

    /** The right to be forgotten: everything goes but the marker. */
    void erase() {
        erased = true;
        profile = null;
        profileVersion = -1;
        emailKey = null;
        cases = new ArrayList<>();
        slaBreaches = new ArrayList<>();
        lastCampaign = null;
        csat = new ArrayList<>();
        purchases = new ArrayList<>();
        appliedEvents = new ArrayList<>();
    }

    /**
     * Folds a case touch. Details fill in whatever the touch carries; whether the case is open follows the latest
     * state-changing touch by occurredAt, so a late {@code case.opened} does not reopen a resolved case.
     *
     * @param open true (opened, reopened), false (resolved, closed), null (an update that does not change it)
     */
    void caseTouched(String caseId, Map<String, Object> attributes, Boolean open, boolean opening, Instant at) {
        CaseInfo current = cases.stream().filter(c -> c.caseId().equals(caseId)).findFirst().orElse(null);
        String number = str(attributes.get("number"), current == null ? null : current.number());
        String subject = str(attributes.get("subject"), current == null ? null : current.subject());
        String priority = str(attributes.get("priority"), current == null ? null : current.priority());
        boolean isOpen = current == null ? (open == null || open) : current.open();
        Instant stateAt = current == null ? null : current.stateAt();
        String status = current == null ? null : current.status();
        boolean newer = stateAt == null || !at.isBefore(stateAt);
        if (open != null && newer) {
            isOpen = open;
            stateAt = at;
            status = str(attributes.get("status"), open ? "open" : "resolved");
        } else if (open == null && newer) {
            status = str(attributes.get("status"), status);
        }
        Instant openedAt = opening ? at : current == null ? null : current.openedAt();
        cases.removeIf(c -> c.caseId().equals(caseId));
        cases.add(new CaseInfo(caseId, number, subject, priority, status, isOpen, openedAt, stateAt));
        if (cases.size() > MAX_CASES) {
            cases.stream().filter(c -> !c.open()).min(Comparator.comparing(c -> c.stateAt() == null ? Instant.EPOCH : c.stateAt()))
                    .ifPresent(cases::remove);
        }
    }

    void slaBreached(String caseId, Map<String, Object> attributes, Instant at) {
        String number = cases.stream().filter(c -> c.caseId().equals(caseId)).map(CaseInfo::number).findFirst().orElse(null);
        slaBreaches.add(new SlaBreach(caseId, str(attributes.get("number"), number), str(attributes.get("target"), null), str(attributes.get("priority"), null),
                str(attributes.get("dueAt"), null), at));
        slaBreaches.sort(Comparator.comparing(SlaBreach::at).reversed());
        if (slaBreaches.size() > MAX_BREACHES) {
            slaBreaches = new ArrayList<>(slaBreaches.subList(0, MAX_BREACHES));
        }
    }

    void messageSent(String campaignId, Map<String, Object> a, Instant at) {
        if (lastCampaign == null || !at.isBefore(lastCampaign.sentAt())) {
            lastCampaign = new CampaignMessage(campaignId, str(a.get("campaignName"), null), str(a.get("objective"), null),
                    str(a.get("offerCode"), null), str(a.get("offerName"), null), str(a.get("subject"), null), at);
        }
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

    private static String str(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }

    public String getId() {
        return id;
    }

    Long getVersion() {
        return version;
    }

    public boolean erased() {
        return erased;
    }

    public Profile profile() {
        return profile;
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
