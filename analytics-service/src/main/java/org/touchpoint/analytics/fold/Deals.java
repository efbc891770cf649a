package org.touchpoint.analytics.fold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;

/** A customer's deals (state of the latest event per deal) and leads (to attribute deals to the campaigns that brought them). */
public class Deals {

    private List<Opportunity> opportunities = new ArrayList<>();
    private List<LeadRef> leads = new ArrayList<>();

    void apply(Touch t) {
        switch (t.kind()) {
            case TouchKinds.OPPORTUNITY_CREATED, TouchKinds.OPPORTUNITY_UPDATED, TouchKinds.OPPORTUNITY_STAGE_CHANGED,
                 TouchKinds.OPPORTUNITY_WON, TouchKinds.OPPORTUNITY_LOST -> {
                String id = t.refs().get("opportunityId");
                if (id != null) {
                    Lists.entry(opportunities, o -> o.opportunityId, id, () -> new Opportunity(id)).apply(t);
                }
            }
            case TouchKinds.LEAD_CREATED, TouchKinds.LEAD_CONVERTED -> {
                String leadId = t.refs().get("leadId");
                if (leadId != null) {
                    LeadRef l = Lists.entry(leads, x -> x.leadId, leadId, () -> new LeadRef(leadId));
                    l.campaignId = Lists.first(l.campaignId, t.refs().get("campaignId"));
                    if (TouchKinds.LEAD_CREATED.equals(t.kind())) {
                        l.source = Lists.first(l.source, t.attrs().text("source"));
                        l.createdAt = Lists.min(l.createdAt, t.occurredAt());
                    } else {
                        l.opportunityId = Lists.first(l.opportunityId, t.refs().get("opportunityId"));
                        l.convertedAt = Lists.min(l.convertedAt, t.occurredAt());
                    }
                }
            }
            default -> {
            }
        }
    }

    public List<Opportunity> getOpportunities() {
        return opportunities;
    }

    public List<LeadRef> getLeads() {
        return leads;
    }

    public List<Opportunity> open() {
        return opportunities.stream().filter(o -> Opportunity.OPEN.equals(o.status)).toList();
    }

    public List<Opportunity> won() {
        return opportunities.stream().filter(Opportunity::isWon).toList();
    }

    public long wins() {
        return opportunities.stream().filter(Opportunity::isWon).count();
    }

    public Instant lastWinAt() {
        return opportunities.stream().filter(Opportunity::isWon).map(o -> o.closedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
    }

    /** Won revenue per currency. */
    public List<Amount> wonRevenue() {
        List<Amount> out = new ArrayList<>();
        opportunities.stream().filter(o -> o.isWon() && o.amount != null).forEach(o -> Amounts.add(out, o.amount.value(), o.amount.getCurrency()));
        return out;
    }

    /**
     * The campaign a deal came from: the one sales names on the deal's touches ({@code refs.campaignId}), else the
     * campaign of the lead it came from (its {@code refs.leadId}, or the lead whose conversion named it), when that lead
     * is this customer's.
     */
    public String campaignOf(Opportunity o) {
        if (o.campaignId != null) {
            return o.campaignId;
        }
        for (LeadRef l : leads) {
            if (l.campaignId != null && (l.leadId.equals(o.leadId) || o.opportunityId.equals(l.opportunityId))) {
                return l.campaignId;
            }
        }
        return null;
    }

    /** A lead of this customer, to attribute the opportunity it became to the campaign that brought it. */
    public static class LeadRef {
        public String leadId;
        public String campaignId;
        public String source;
        public String opportunityId;
        public Instant createdAt;
        public Instant convertedAt;

        LeadRef() {
        }

        LeadRef(String leadId) {
            this.leadId = leadId;
        }
    }
}
