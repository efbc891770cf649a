package org.touchpoint.support.entitlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxDocument;

/**
 * The support tier an account (id = the account id) is entitled to, with its validity. Every change emits the
 * account-level {@code entitlement.changed} touch, whose customerId and accountId are the account id.
 * Dates are ISO strings ({@code YYYY-MM-DD}), inclusive.
 */
@Document("entitlements")
class Entitlement extends OutboxDocument {

    private String tier;
    private String validFrom;
    private String validUntil;
    private String source;
    private String opportunityId;
    /** Opportunities already turned into this entitlement: a redelivered or repeated opportunity.won changes nothing. */
    private List<String> appliedOpportunities = new ArrayList<>();
    private List<Change> history = new ArrayList<>();
    private Instant createdAt;
    private Instant updatedAt;

    Entitlement() {
    }

    /** One change of the entitlement, kept permanently; {@code outcome} is {@code applied} or why it was not. */
    record Change(Instant at, String actor, String source, String opportunityId, String tier, String validFrom,
                  String validUntil, String outcome) {
    }

    static Entitlement empty(String accountId, Instant now) {
        Entitlement e = new Entitlement();
        e.id = accountId;
        e.createdAt = now;
        return e;
    }

    /** Set explicitly (through the API): replaces whatever was there, a downgrade included. */
    void set(String tier, LocalDate from, LocalDate until, String actor, Instant now) {
        apply(tier, from, until, "api", null, actor, now);
    }

    /**
     * A support plan was sold: sets the tier, or upgrades it; a plan of the same tier extends the validity; a lower
     * tier never replaces a higher one that is still valid (it is recorded in the history, not applied).
     *
     * @param rank tier rank (lowest 0)
     * @return false when nothing changed
     */
    boolean applyPlan(String planTier, int planRank, int currentRank, LocalDate from, LocalDate until,
                      String opportunityId, LocalDate today, Instant now) {
        if (appliedOpportunities.contains(opportunityId + ":" + planTier)) {
            return false;
        }
        appliedOpportunities.add(opportunityId + ":" + planTier);
        if (tier != null && isValidOn(today)) {
            if (currentRank > planRank) {
                history.add(new Change(now, "system", "opportunity.won", opportunityId, planTier, from.toString(), until.toString(),
                        "ignored: the account holds a valid higher tier " + tier));
                return true;
            }
            if (currentRank == planRank) {
                LocalDate keepFrom = LocalDate.parse(validFrom).isBefore(from) ? LocalDate.parse(validFrom) : from;
                LocalDate keepUntil = LocalDate.parse(validUntil).isAfter(until) ? LocalDate.parse(validUntil) : until;
                apply(planTier, keepFrom, keepUntil, "opportunity.won", opportunityId, "system", now);
                return true;
            }
        }
        apply(planTier, from, until, "opportunity.won", opportunityId, "system", now);
        return true;
    }

    private void apply(String tier, LocalDate from, LocalDate until, String source, String opportunityId, String actor, Instant now) {
        this.tier = tier;
        this.validFrom = from.toString();
        this.validUntil = until.toString();
        this.source = source;
        this.opportunityId = opportunityId;
        this.updatedAt = now;
        history.add(new Change(now, actor, source, opportunityId, tier, validFrom, validUntil, "applied"));
        emit(Touch.builder(id, TouchKinds.ENTITLEMENT_CHANGED).accountId(id).channel(Channels.SYSTEM).occurredAt(now)
                .actor(actor).summary("Support tier " + tier + " valid " + validFrom + " to " + validUntil)
                .ref("accountId", id).ref("opportunityId", opportunityId)
                .attribute("tier", tier).attribute("validFrom", validFrom).attribute("validUntil", validUntil)
                .attribute("source", source).build());
    }

    boolean isValidOn(LocalDate day) {
        return tier != null && !day.isBefore(LocalDate.parse(validFrom)) && !day.isAfter(LocalDate.parse(validUntil));
    }

    String tier() {
        return tier;
    }

    EntitlementController.EntitlementResponse toResponse(LocalDate today) {
        return new EntitlementController.EntitlementResponse(id, tier, validFrom, validUntil, isValidOn(today), source,
                opportunityId, List.copyOf(history), createdAt, updatedAt, version);
    }
}
