package org.touchpoint.marketing.campaign;

import java.time.Instant;
import java.util.List;
import org.touchpoint.events.Money;

public record CampaignResponse(String id, String name, String objective, String channel, String segmentId, String offerCode,
                               String offerName, TemplateView template, String landingUrl, Instant scheduledAt, String status,
                               Money budget, Money costPerMessage, Money actualCost, List<Campaign.Cost> costs,
                               Campaign.Recipients recipients, Funnel funnel, boolean excludeOpenUrgentCase, String createdBy,
                               Instant createdAt, Instant updatedAt, Instant launchedAt, Instant completedAt, Instant cancelledAt) {

    public record TemplateView(String subject, String body) {
    }

    /** Messages per stage: queued or being sent, sent, failed, then what the recipients did. */
    public record Funnel(long queued, long sent, long failed, long opened, long clicked, long responded, long unsubscribed) {
    }

    /** One message of a campaign, without its content (which holds personal data). */
    public record MessageView(String id, String customerId, String medium, String status, int attempts, String lastError,
                              Instant createdAt, Instant sentAt, Instant openedAt, Instant clickedAt, Instant respondedAt,
                              Instant unsubscribedAt) {
    }

    /** The campaign's return under one attribution model. */
    public record Roi(String campaignId, String model, String window, Money cost, Money budget, List<Money> revenue,
                      String roi, long attributedDeals, RoiFunnel funnel) {
    }

    public record RoiFunnel(long sent, long opened, long clicked, long responded, long won) {
    }
}
