package org.touchpoint.analytics.fold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;

/** What a customer received from marketing and did with it, per campaign and in total. */
public class MarketingFigures {

    public List<CampaignStat> campaigns = new ArrayList<>();
    public long messagesReceived;
    public long opens;
    public long clicks;
    public long responses;

    void apply(Touch t) {
        String kind = t.kind();
        switch (kind) {
            case TouchKinds.MESSAGE_SENT -> messagesReceived++;
            case TouchKinds.MESSAGE_OPENED -> opens++;
            case TouchKinds.LINK_CLICKED -> clicks++;
            case TouchKinds.CAMPAIGN_RESPONDED -> responses++;
            default -> {
                return;
            }
        }
        String campaignId = t.refs().get("campaignId");
        if (campaignId == null) {
            return;
        }
        Instant at = t.occurredAt();
        CampaignStat c = Lists.entry(campaigns, x -> x.campaignId, campaignId, () -> new CampaignStat(campaignId));
        switch (kind) {
            case TouchKinds.MESSAGE_SENT -> {
                c.name = Lists.first(c.name, t.attrs().text("campaignName"));
                c.sent++;
                c.firstSentAt = Lists.min(c.firstSentAt, at);
                Amounts.add(c.cost, t.amount()); // the cost of this send, when marketing states it
            }
            case TouchKinds.MESSAGE_OPENED -> c.opened++;
            case TouchKinds.LINK_CLICKED -> {
                c.clicked++;
                c.lastEngagedAt = Lists.max(c.lastEngagedAt, at);
            }
            default -> {
                c.name = Lists.first(c.name, t.attrs().text("campaignName"));
                c.responded++;
                c.lastEngagedAt = Lists.max(c.lastEngagedAt, at);
            }
        }
    }

    /**
     * 0–100: how much the customer engages with what marketing sends (opens 1, clicks 2, responses 4 points, against 4
     * points per message received); null when nothing was sent.
     */
    public Integer engagementScore() {
        if (messagesReceived == 0) {
            return null;
        }
        double points = opens + 2.0 * clicks + 4.0 * responses;
        return (int) Math.min(100, Math.round(100.0 * points / (4.0 * messagesReceived)));
    }

    /** What one customer received from, and did with, one campaign. */
    public static class CampaignStat {
        public String campaignId;
        public String name;
        public long sent;
        public long opened;
        public long clicked;
        public long responded;
        public Instant firstSentAt;
        public Instant lastEngagedAt;
        /** Cost of the sends to this customer, when marketing puts it on message.sent ({@code amount}). */
        public List<Amount> cost = new ArrayList<>();

        CampaignStat() {
        }

        CampaignStat(String campaignId) {
            this.campaignId = campaignId;
        }
    }
}
