package org.touchpoint.analytics.customer;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.touchpoint.analytics.dashboard.ChurnRules;
import org.touchpoint.analytics.dashboard.RfmModel;
import org.touchpoint.analytics.fold.AccountView;
import org.touchpoint.analytics.fold.Amounts;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.MarketingFigures;
import org.touchpoint.analytics.fold.Opportunity;
import org.touchpoint.analytics.fold.SupportFigures;
import org.touchpoint.analytics.fold.TouchStats;
import org.touchpoint.analytics.fold.ViewProfile;
import org.touchpoint.events.Money;

/**
 * {@code GET /api/customers/{id}/360}: the whole relationship on one page. {@code partial} is true while the
 * customer is known only from touches (its profile has not arrived).
 */
public record Customer360(
        String customerId,
        boolean partial,
        Profile profile,
        Account account,
        List<Money> lifetimeValue,
        Purchases purchases,
        Pipeline pipeline,
        Support support,
        Marketing marketing,
        Touches touches,
        RfmModel.Rfm rfm,
        ChurnRules.ChurnRisk churnRisk,
        Instant updatedAt) {

    static final int MAX_LISTED = 50;

    static Customer360 of(CustomerView v, AccountView account, RfmModel rfm, Instant now) {
        ViewProfile p = v.getProfile();
        Profile profile = p == null ? null : new Profile(p.displayName, p.firstName, p.lastName, p.nickname, p.email, p.phone,
                p.title, p.accountId, p.accountName, p.ownerId, p.lifecycleStage, p.consentGranted, p.tags, p.version, p.updatedAt,
                p.preferences);
        Account acc = account == null ? (v.getAccountId() == null ? null : new Account(v.getAccountId(), null, null, null, null, null, null))
                : new Account(account.getId(), account.getName(), account.getIndustry(), account.getTier(), account.getSupportTier(),
                account.getSupportValidUntil(), account.isDeleted());

        List<Purchase> purchases = v.deals().won().stream()
                .sorted(Comparator.comparing((Opportunity o) -> o.closedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(MAX_LISTED)
                .map(o -> new Purchase(o.opportunityId, o.name, o.closedAt, money(o.amount), o.cycle(),
                        o.lineItems.stream().map(li -> new LineItem(li.productCode, li.name, li.category, li.quantity,
                                li.unitPrice == null ? null : new Money(li.unitPrice, li.currency), li.termMonths)).toList()))
                .toList();

        List<Opportunity> open = v.openOpportunities();
        List<org.touchpoint.analytics.fold.Amount> openValue = new java.util.ArrayList<>();
        List<org.touchpoint.analytics.fold.Amount> weighted = new java.util.ArrayList<>();
        for (Opportunity o : open) {
            if (o.amount != null) {
                Amounts.add(openValue, o.amount.value(), o.amount.getCurrency());
                int probability = o.probability == null ? 0 : o.probability;
                Amounts.add(weighted, o.amount.value().multiply(java.math.BigDecimal.valueOf(probability))
                        .divide(java.math.BigDecimal.valueOf(100), 2, java.math.RoundingMode.HALF_EVEN), o.amount.getCurrency());
            }
        }
        Pipeline pipeline = new Pipeline(open.size(), Amounts.toMoney(openValue), Amounts.toMoney(weighted),
                open.stream().sorted(Comparator.comparing((Opportunity o) -> o.expectedCloseDate, Comparator.nullsLast(Comparator.naturalOrder())))
                        .limit(MAX_LISTED)
                        .map(o -> new OpenDeal(o.opportunityId, o.name, o.stage, o.probability, money(o.amount), o.expectedCloseDate, o.ownerId))
                        .toList());

        List<SupportFigures.SupportCase> openCases = v.openCases();
        SupportFigures sf = v.support();
        Support support = new Support(openCases.size(), sf.cases.size(), sf.slaBreaches, v.averageCsat(), sf.csatCount,
                Amounts.toMoney(sf.cost), sf.minutes,
                openCases.stream().limit(MAX_LISTED).map(c -> new OpenCase(c.caseId, c.number, c.subject, c.priority, c.tier, c.openedAt,
                        !c.breachedTargets.isEmpty())).toList());

        MarketingFigures mf = v.marketing();
        Marketing marketing = new Marketing(mf.campaigns.size(), mf.messagesReceived, mf.opens, mf.clicks,
                mf.responses, v.engagementScore(),
                mf.campaigns.stream().sorted(Comparator.comparing((MarketingFigures.CampaignStat c) -> c.firstSentAt,
                                Comparator.nullsLast(Comparator.reverseOrder()))).limit(MAX_LISTED)
                        .map(c -> new CampaignReceived(c.campaignId, c.name, c.sent, c.opened, c.clicked, c.responded)).toList());

        Map<String, LastTouch> lastByChannel = new LinkedHashMap<>();
        Map<String, Long> countsByChannel = new LinkedHashMap<>();
        TouchStats ts = v.touches();
        for (TouchStats.ChannelStat c : ts.channels) {
            lastByChannel.put(c.channel, new LastTouch(c.lastAt, c.lastKind, c.lastSummary));
            countsByChannel.put(c.channel, c.count);
        }
        Map<String, Long> countsByKind = new LinkedHashMap<>();
        ts.kinds.forEach(k -> countsByKind.put(k.kind, k.count));
        Touches touches = new Touches(ts.total, ts.interactions, ts.firstAt, ts.lastAt, lastByChannel, countsByChannel, countsByKind);

        return new Customer360(v.getId(), v.isPartial(), profile, acc, Amounts.toMoney(v.lifetimeValue()),
                new Purchases(v.wins(), v.lastPurchaseAt(), purchases), pipeline, support, marketing, touches,
                rfm.score(v), ChurnRules.assess(v, now), v.getUpdatedAt());
    }

    private static Money money(org.touchpoint.analytics.fold.Amount a) {
        return a == null ? null : new Money(a.getAmount(), a.getCurrency());
    }

    /** @param preferences how the customer likes to be dealt with ("prefers calls in the morning"), from the profile */
    public record Profile(String displayName, String firstName, String lastName, String nickname, String email, String phone,
                          String title, String accountId, String accountName, String ownerId, String lifecycleStage,
                          List<String> consentGranted, List<String> tags, long version, Instant updatedAt, String preferences) {
    }

    /** The account copy folded from account-level touches (null fields when only its id is known). */
    public record Account(String id, String name, String industry, String tier, String supportTier, String supportValidUntil,
                          Boolean deleted) {
    }

    public record Purchases(long count, Instant lastPurchaseAt, List<Purchase> recent) {
    }

    public record Purchase(String opportunityId, String name, Instant wonAt, Money amount, Integer cycleDays, List<LineItem> lineItems) {
    }

    public record LineItem(String productCode, String name, String category, String quantity, Money unitPrice, Integer termMonths) {
    }

    public record Pipeline(int openCount, List<Money> openValue, List<Money> weightedValue, List<OpenDeal> open) {
    }

    public record OpenDeal(String opportunityId, String name, String stage, Integer probability, Money amount,
                           String expectedCloseDate, String ownerId) {
    }

    public record Support(int openCases, int totalCases, long slaBreaches, Double averageCsat, long csatResponses,
                          List<Money> supportCost, long supportMinutes, List<OpenCase> open) {
    }

    public record OpenCase(String caseId, String number, String subject, String priority, String tier, Instant openedAt, boolean slaBreached) {
    }

    public record Marketing(int campaignsReceived, long messagesReceived, long opens, long clicks, long responses,
                            Integer engagementScore, List<CampaignReceived> campaigns) {
    }

    public record CampaignReceived(String campaignId, String name, long sent, long opened, long clicked, long responded) {
    }

    /**
     * @param total        every touch, system ones included
     * @param interactions touches on a conversation channel (not {@code system})
     */
    public record Touches(long total, long interactions, Instant firstAt, Instant lastAt, Map<String, LastTouch> lastByChannel,
                          Map<String, Long> countsByChannel, Map<String, Long> countsByKind) {
    }

    public record LastTouch(Instant at, String kind, String summary) {
    }
}
