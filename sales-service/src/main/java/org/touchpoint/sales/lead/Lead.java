package org.touchpoint.sales.lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.sales.scoring.Scorer;
import org.touchpoint.sales.scoring.ScoringRules;

/**
 * A potential customer: from a web form, a partner, or a campaign response. Scored by fit and engagement, with the
 * points explained; qualified (MQL, SQL) when the score crosses the thresholds; converted once into a customer.
 */
@Document("leads")
@CompoundIndex(name = "customer", def = "{'customerId': 1, 'status': 1}")
@CompoundIndex(name = "owner", def = "{'ownerId': 1, '_id': 1}")
@CompoundIndex(name = "status", def = "{'status': 1, '_id': 1}")
public class Lead extends OutboxDocument {

    public static final String NEW = "new";
    public static final String WORKING = "working";
    public static final String QUALIFIED = "qualified";
    public static final String DISQUALIFIED = "disqualified";
    public static final String CONVERTED = "converted";
    static final List<String> OPEN_STATUSES = List.of(NEW, WORKING, QUALIFIED);
    /** Engagement touch ids remembered to ignore redeliveries. */
    static final int APPLIED_WINDOW = 500;

    private String firstName;
    private String lastName;
    private String email;
    private String phone;
    private String company;
    private String title;
    private String industry;
    private Integer companySize;
    private String country;
    private String territory;
    private String source;
    private String status;
    private String disqualifyReason;
    private String ownerId;
    private String assignedBy;
    /** The known customer this lead is about (a campaign response), or the customer it was converted into. */
    private String customerId;
    private String campaignId;
    /** {@code campaign:<customerId>:<campaignId>}: one lead per customer and campaign, however often the response is delivered. */
    @Indexed(unique = true, sparse = true)
    private String sourceKey;
    private String notes;
    private int score;
    private List<Scorer.Line> scoreLines = new ArrayList<>();
    private Instant scoredAt;
    private List<String> qualifiedLevels = new ArrayList<>();
    private List<Signal> signals = new ArrayList<>();
    private List<String> appliedEvents = new ArrayList<>();
    private Conversion conversion;
    /** The opportunity a conversion asked for, kept so that a retried conversion can still open it. */
    private org.touchpoint.sales.opportunity.OpportunityRequest conversionOpportunity;
    private Instant createdAt;
    private Instant updatedAt;

    /** Touches of one kind on one channel that reached this lead. */
    public record Signal(String kind, String channel, int count, Instant lastAt) {
    }

    /** What the conversion produced: the customer id, whether it matched an existing customer, and the opportunity. */
    public record Conversion(String customerId, boolean linked, String opportunityId, Instant convertedAt) {
    }

    /** The lead's own data, as a client or a campaign response gives it. */
    public record Details(String firstName, String lastName, String email, String phone, String company, String title,
                          String industry, Integer companySize, String country, String territory, String notes) {
    }

    Lead() {
    }

    static Lead create(String id, Details d, String source, String customerId, String campaignId, String channel,
                       ScoringRules rules, String actor, Instant now) {
        Lead lead = new Lead();
        lead.id = id;
        lead.source = source;
        lead.status = NEW;
        lead.customerId = customerId;
        lead.campaignId = campaignId;
        lead.sourceKey = campaignId != null && customerId != null ? "campaign:" + customerId + ":" + campaignId : null;
        lead.createdAt = now;
        lead.apply(d, now);
        lead.rescore(rules, actor, now, false);
        lead.emit(lead.touch(TouchKinds.LEAD_CREATED, channel, actor, now).ref("campaignId", campaignId)
                .summary("Lead created: " + lead.displayName())
                .attribute("source", source).attribute("status", lead.status).attribute("company", lead.company)
                .attribute("email", lead.email).attribute("firstName", lead.firstName).attribute("lastName", lead.lastName)
                .attribute("score", lead.score).build());
        lead.emitQualifications(rules, actor, now);
        return lead;
    }

    /** Replaces the lead's details (and status among new, working, qualified); the fit part of the score follows. */
    void update(Details d, String newStatus, ScoringRules rules, String actor, Instant now) {
        requireOpen();
        if (newStatus != null) {
            status = newStatus;
        }
        apply(d, now);
        rescore(rules, actor, now, true);
    }

    /** Gives the lead an owner; {@code rule} says why ({@code manual}, {@code rule:<id>}, {@code round-robin}). */
    boolean assign(String owner, String rule, String actor, Instant now) {
        if (CONVERTED.equals(status)) {
            throw CrmApiException.conflict("lead " + id + " is converted");
        }
        if (owner.equals(ownerId)) {
            return false;
        }
        ownerId = owner;
        assignedBy = rule;
        updatedAt = now;
        emit(touch(TouchKinds.LEAD_ASSIGNED, Channels.SYSTEM, actor, now).summary("Lead assigned to " + owner)
                .attribute("ownerId", owner).attribute("rule", rule).build());
        return true;
    }

    void disqualify(String reason, String actor, Instant now) {
        requireOpen();
        status = DISQUALIFIED;
        disqualifyReason = reason;
        updatedAt = now;
        emit(touch(TouchKinds.LEAD_DISQUALIFIED, Channels.SYSTEM, actor, now).summary("Lead disqualified: " + reason)
                .attribute("reason", reason).build());
    }

    /**
     * Counts one engagement touch and rescores. A touch already counted (same event id) changes nothing.
     *
     * @return false when the touch had been counted already, or the lead is no longer open
     */
    boolean engage(String eventId, String kind, String channel, Instant occurredAt, ScoringRules rules, Instant now) {
        if (!OPEN_STATUSES.contains(status) || appliedEvents.contains(eventId)) {
            return false;
        }
        appliedEvents.add(eventId);
        if (appliedEvents.size() > APPLIED_WINDOW) {
            appliedEvents = new ArrayList<>(appliedEvents.subList(appliedEvents.size() - APPLIED_WINDOW, appliedEvents.size()));
        }
        boolean found = false;
        for (int i = 0; i < signals.size(); i++) {
            Signal s = signals.get(i);
            if (s.kind().equals(kind) && s.channel().equals(channel)) {
                Instant last = s.lastAt() == null || occurredAt.isAfter(s.lastAt()) ? occurredAt : s.lastAt();
                signals.set(i, new Signal(kind, channel, s.count() + 1, last));
                found = true;
            }
        }
        if (!found) {
            signals.add(new Signal(kind, channel, 1, occurredAt));
        }
        if (status.equals(NEW)) {
            status = WORKING;
        }
        rescore(rules, "system", now, true);
        return true;
    }

    /** The customer this lead becomes, and whether it was an existing one. Converting twice is 409. */
    void convert(String customerId, boolean linked, String accountId,
                 org.touchpoint.sales.opportunity.OpportunityRequest opportunity, String opportunityId, String actor, Instant now) {
        if (CONVERTED.equals(status)) {
            throw CrmApiException.conflict("lead " + id + " was converted already, into customer " + conversion.customerId());
        }
        if (DISQUALIFIED.equals(status)) {
            throw CrmApiException.conflict("lead " + id + " is disqualified (" + disqualifyReason + "); it cannot be converted");
        }
        this.customerId = customerId;
        status = CONVERTED;
        conversion = new Conversion(customerId, linked, opportunityId, now);
        conversionOpportunity = opportunity;
        updatedAt = now;
        emit(Touch.builder(customerId, TouchKinds.LEAD_CONVERTED).accountId(accountId).channel(Channels.SYSTEM).occurredAt(now).actor(actor)
                .ref("leadId", id).ref("opportunityId", opportunityId).ref("campaignId", campaignId)
                .summary("Lead converted: " + displayName())
                .attribute("firstName", firstName).attribute("lastName", lastName).attribute("email", email)
                .attribute("phone", phone).attribute("company", company).attribute("title", title)
                .attribute("accountId", accountId).attribute("ownerId", ownerId).attribute("source", source).attribute("linked", linked).build());
    }

    /**
     * customer-service linked this converted lead by email to a contact that already existed, under another id than
     * the one minted here: the lead follows the real contact. No touch: customer-service announced the link.
     *
     * @return false when the lead does not carry the minted id (already relinked, or another conversion)
     */
    boolean relinkConversion(String mintedId, String contactId, Instant now) {
        if (!CONVERTED.equals(status) || conversion == null || !mintedId.equals(conversion.customerId()) || mintedId.equals(contactId)) {
            return false;
        }
        customerId = contactId;
        conversion = new Conversion(contactId, true, conversion.opportunityId(), conversion.convertedAt());
        if (conversionOpportunity != null) {
            conversionOpportunity = conversionOpportunity.withCustomer(contactId);
        }
        updatedAt = now;
        return true;
    }

    /**
     * Rescores an open lead with new rules (publishing lead.qualified for a level newly reached).
     *
     * @return false when the lead is not open or its score and reasons did not change
     */
    boolean rescoreWith(ScoringRules rules, Instant now) {
        if (!OPEN_STATUSES.contains(status)) {
            return false;
        }
        int before = score;
        List<Scorer.Line> reasonsBefore = List.copyOf(scoreLines);
        rescore(rules, "system", now, true);
        return before != score || !reasonsBefore.equals(scoreLines) || !emitted().isEmpty();
    }

    /**
     * The customer was erased: what the lead says about the person goes too (name, contact data, title, the free
     * text of notes and disqualification, the deal request kept for a conversion retry, engagement history).
     *
     * @return false when there was nothing left to forget (a redelivered tombstone writes nothing)
     */
    boolean forgetPerson(Instant now) {
        if (firstName == null && lastName == null && email == null && phone == null && title == null && notes == null
                && disqualifyReason == null && conversionOpportunity == null && signals.isEmpty()) {
            return false;
        }
        disqualifyReason = null;
        conversionOpportunity = null;
        firstName = null;
        lastName = null;
        email = null;
        phone = null;
        title = null;
        notes = null;
        signals = new ArrayList<>();
        updatedAt = now;
        return true;
    }

    private void rescore(ScoringRules rules, String actor, Instant now, boolean announce) {
        Scorer.Result result = Scorer.score(rules, this::field,
                signals.stream().map(s -> new Scorer.Signal(s.kind(), s.channel(), s.count())).toList());
        score = result.score();
        scoreLines = new ArrayList<>(result.lines());
        scoredAt = now;
        if (announce) {
            emitQualifications(rules, actor, now);
        }
    }

    /** Publishes lead.qualified once per level the score has reached. */
    private void emitQualifications(ScoringRules rules, String actor, Instant now) {
        if (!OPEN_STATUSES.contains(status)) {
            return;
        }
        for (String level : List.of("mql", "sql")) {
            int threshold = level.equals("mql") ? rules.mqlThreshold() : rules.sqlThreshold();
            if (score >= threshold && !qualifiedLevels.contains(level)) {
                qualifiedLevels.add(level);
                status = QUALIFIED;
                emit(touch(TouchKinds.LEAD_QUALIFIED, Channels.SYSTEM, actor, now)
                        .summary("Lead " + level.toUpperCase(Locale.ROOT) + " with score " + score)
                        .attribute("level", level).attribute("score", score).build());
            }
        }
    }

    /** The lead's value for a scoring or assignment field. */
    String field(String name) {
        return switch (name) {
            case "industry" -> industry;
            case "title" -> title;
            case "companySize" -> companySize == null ? null : companySize.toString();
            case "country" -> country;
            case "territory" -> territory;
            case "source" -> source;
            case "company" -> company;
            default -> null;
        };
    }

    private void apply(Details d, Instant now) {
        firstName = trim(d.firstName());
        lastName = trim(d.lastName());
        email = trim(d.email());
        phone = trim(d.phone());
        company = trim(d.company());
        title = trim(d.title());
        industry = trim(d.industry());
        companySize = d.companySize();
        country = trim(d.country());
        territory = trim(d.territory());
        notes = d.notes();
        updatedAt = now;
    }

    private void requireOpen() {
        if (!OPEN_STATUSES.contains(status)) {
            throw CrmApiException.conflict("lead " + id + " is " + status);
        }
    }

    /** Touches about a lead use the customer's id when it is known, else the lead id (docs/touches.md). */
    private Touch.Builder touch(String kind, String channel, String actor, Instant now) {
        return Touch.builder(customerId != null ? customerId : id, kind).channel(channel).occurredAt(now).actor(actor).ref("leadId", id);
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    String displayName() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
        return name.isEmpty() ? (company == null ? id : company) : name;
    }

    public int score() {
        return score;
    }

    public String status() {
        return status;
    }

    public String customerId() {
        return customerId;
    }

    public String email() {
        return email;
    }

    public String ownerId() {
        return ownerId;
    }

    public Conversion conversion() {
        return conversion;
    }

    org.touchpoint.sales.opportunity.OpportunityRequest conversionOpportunity() {
        return conversionOpportunity;
    }

    public List<String> qualifiedLevels() {
        return List.copyOf(qualifiedLevels);
    }

    public List<Scorer.Line> scoreLines() {
        return List.copyOf(scoreLines);
    }

    LeadResponse toResponse() {
        return new LeadResponse(id, firstName, lastName, displayName(), email, phone, company, title, industry, companySize,
                country, territory, source, status, disqualifyReason, ownerId, assignedBy, customerId, campaignId, notes, score,
                qualifiedLevels.contains("sql") ? "sql" : qualifiedLevels.contains("mql") ? "mql" : null,
                conversion, createdAt, updatedAt, version == null ? 0 : version);
    }

    ScoreResponse toScoreResponse(ScoringRules rules) {
        return new ScoreResponse(id, score, rules.mqlThreshold(), rules.sqlThreshold(),
                qualifiedLevels.contains("sql") ? "sql" : qualifiedLevels.contains("mql") ? "mql" : null,
                List.copyOf(scoreLines), List.copyOf(signals), scoredAt);
    }

    /** The score of a lead, explained rule by rule, with the touches counted. */
    public record ScoreResponse(String leadId, int score, int mqlThreshold, int sqlThreshold, String qualification,
                                List<Scorer.Line> reasons, List<Signal> signals, Instant scoredAt) {
    }
}
