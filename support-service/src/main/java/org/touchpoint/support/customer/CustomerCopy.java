package org.touchpoint.support.customer;

import java.time.Instant;
import java.util.List;

/**
 * What the events said about one customer, as {@link CustomerDirectory} answers it: immutable values, each list
 * sorted by {@code occurredAt} (oldest first), whatever order the events arrived in.
 *
 * @param profile        null until the profile arrived (the customer is then known only through touches)
 * @param touchAccountId the account named by the newest touch that named one
 * @param dealHistory    the deal touches (created, updated, stage changed, won, lost), newest {@value SupportCustomer#KEPT_DEAL_EVENTS}
 * @param campaigns      the messages received, newest {@value SupportCustomer#KEPT_CAMPAIGNS}
 * @param recentTouches  every touch about the customer, newest {@code crm.support.context.kept-touches}
 */
public record CustomerCopy(String customerId, Profile profile, String touchAccountId, List<DealEvent> dealHistory,
                           List<CampaignReceived> campaigns, List<RecentTouch> recentTouches) {

    public CustomerCopy {
        dealHistory = List.copyOf(dealHistory);
        campaigns = List.copyOf(campaigns);
        recentTouches = List.copyOf(recentTouches);
    }

    /** The newest profile snapshot. */
    public record Profile(String displayName, String firstName, String lastName, String nickname, String email,
                          String phone, String title, String accountId, String accountName, String ownerId,
                          String lifecycleStage, List<String> tags) {
    }

    /**
     * One deal touch, with what it said about the deal; what a kind does not carry is null.
     *
     * @param amount decimal string, null when the touch carried none or one out of bounds
     */
    public record DealEvent(Instant occurredAt, String kind, String opportunityId, String name, String stage,
                            Integer probability, String expectedCloseDate, String ownerId, String amount, String currency) {
    }

    /** One {@code message.sent}: the campaign and offer the customer received. */
    public record CampaignReceived(Instant occurredAt, String campaignId, String messageId, String campaignName,
                                   String offerName, String offerCode, String subject, String channel) {
    }

    /** One touch about the customer, as the agent's timeline shows it. */
    public record RecentTouch(String eventId, String kind, String channel, Instant occurredAt, String actor,
                              String summary, String source) {
    }
}
