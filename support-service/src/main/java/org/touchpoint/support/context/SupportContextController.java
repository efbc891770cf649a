package org.touchpoint.support.context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Scopes;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.support.SupportProperties;
import org.touchpoint.support.cases.CaseService;
import org.touchpoint.support.cases.CaseSummary;
import org.touchpoint.support.customer.CustomerCopy;
import org.touchpoint.support.customer.CustomerDirectory;
import org.touchpoint.support.entitlement.Entitlements;

/**
 * What an agent must know when the customer calls, from what this service holds locally: the profile and the
 * support tier, the deals still open, the campaign or promotion just received, the recent touches, the case
 * history and the SLA record. A customer known only through touches answers with what is known
 * ({@code known: partial}); one the service has never heard of is 404.
 */
@RestController
class SupportContextController {

    private static final int CASES_SHOWN = 50;

    private final CustomerDirectory customers;
    private final Entitlements entitlements;
    private final CaseService cases;
    private final SupportProperties properties;

    SupportContextController(CustomerDirectory customers, Entitlements entitlements, CaseService cases, SupportProperties properties) {
        this.customers = customers;
        this.entitlements = entitlements;
        this.cases = cases;
        this.properties = properties;
    }

    /** The customer's profile as the agent sees it. */
    record Profile(String displayName, String firstName, String lastName, String nickname, String email, String phone,
                   String title, String accountId, String accountName, String ownerId, String lifecycleStage, List<String> tags) {

        static Profile of(CustomerCopy.Profile p) {
            return p == null ? null : new Profile(p.displayName(), p.firstName(), p.lastName(), p.nickname(), p.email(),
                    p.phone(), p.title(), p.accountId(), p.accountName(), p.ownerId(), p.lifecycleStage(), p.tags());
        }
    }

    record Opportunity(String opportunityId, String name, String stage, Integer probability, String amount, String currency,
                       String expectedCloseDate, String ownerId, Instant updatedAt) {
    }

    record Campaign(String campaignId, String campaignName, String offerName, String offerCode, String subject,
                    String channel, Instant sentAt) {
    }

    record RecentTouch(String kind, String channel, Instant occurredAt, String actor, String summary, String source) {
    }

    /** @param csatAverage mean satisfaction score of the answered surveys, null when none */
    record SlaRecord(int cases, int openCases, int breachedCases, int openBreached, Double csatAverage, Instant lastCaseAt) {
    }

    record SupportContext(String customerId, String known, Profile profile, Entitlements.TierView tier,
                          List<Opportunity> openOpportunities, Campaign lastCampaign, List<RecentTouch> recentTouches,
                          List<CaseSummary> cases, SlaRecord sla) {
    }

    /** Every read is by {@code _id}: the customer's copy, its cases (through the customer's case index), the entitlements. */
    @GetMapping("/api/customers/{customerId}/support-context")
    @RequiresScope(Scopes.CASES_READ)
    SupportContext context(@PathVariable String customerId) {
        Optional<CustomerCopy> copy = customers.find(customerId);
        List<CaseSummary> history = cases.casesOf(customerId, CASES_SHOWN);
        if (copy.isEmpty() && history.isEmpty()) {
            throw CrmApiException.notFound("customer", customerId);
        }
        Profile profile = copy.map(c -> Profile.of(c.profile())).orElse(null);
        String caseAccount = history.stream().map(CaseSummary::accountId).filter(Objects::nonNull).findFirst().orElse(null);
        Entitlements.TierView tier = entitlements.tierFor(customerId, caseAccount);
        return new SupportContext(customerId, profile == null ? "partial" : "full", profile, tier,
                copy.map(c -> openOpportunities(c.dealHistory())).orElse(List.of()),
                copy.flatMap(c -> lastCampaign(c.campaigns())).orElse(null),
                copy.map(c -> recent(c.recentTouches(), properties.context().recentTouches())).orElse(List.of()),
                history, slaRecord(history));
    }

    /**
     * The latest terms of each deal: its touches folded in {@code occurredAt} order (whatever the arrival order), each
     * one overriding what it states; won and lost deals are closed. An {@code opportunity.updated} (new amount, close
     * date, ...) counts like any other touch of the deal.
     */
    static List<Opportunity> openOpportunities(List<CustomerCopy.DealEvent> history) {
        Map<String, Opportunity> latest = new LinkedHashMap<>();
        Set<String> closed = new HashSet<>();
        for (CustomerCopy.DealEvent e : history) { // sorted by occurredAt
            String id = e.opportunityId();
            if (id == null) {
                continue;
            }
            if (TouchKinds.OPPORTUNITY_WON.equals(e.kind()) || TouchKinds.OPPORTUNITY_LOST.equals(e.kind())) {
                closed.add(id);
            }
            Opportunity o = latest.getOrDefault(id, new Opportunity(id, null, null, null, null, null, null, null, null));
            latest.put(id, new Opportunity(id, or(e.name(), o.name()), or(e.stage(), o.stage()), or(e.probability(), o.probability()),
                    or(e.amount(), o.amount()), or(e.currency(), o.currency()), or(e.expectedCloseDate(), o.expectedCloseDate()),
                    or(e.ownerId(), o.ownerId()), or(e.occurredAt(), o.updatedAt())));
        }
        List<Opportunity> open = new ArrayList<>(latest.values().stream().filter(o -> !closed.contains(o.opportunityId())).toList());
        open.sort(Comparator.comparing(Opportunity::updatedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return open;
    }

    private static <T> T or(T stated, T before) {
        return stated != null ? stated : before;
    }

    static Optional<Campaign> lastCampaign(List<CustomerCopy.CampaignReceived> campaigns) {
        if (campaigns.isEmpty()) {
            return Optional.empty();
        }
        CustomerCopy.CampaignReceived c = campaigns.getLast(); // sorted by occurredAt
        return Optional.of(new Campaign(c.campaignId(), c.campaignName(), c.offerName(), c.offerCode(), c.subject(),
                c.channel(), c.occurredAt()));
    }

    /** The last {@code n} touches, conversations with the customer first, then bookkeeping; newest first in each. */
    static List<RecentTouch> recent(List<CustomerCopy.RecentTouch> touches, int n) {
        List<RecentTouch> all = new ArrayList<>();
        for (CustomerCopy.RecentTouch t : touches.reversed()) { // sorted by occurredAt
            all.add(new RecentTouch(t.kind(), t.channel(), t.occurredAt(), t.actor(), t.summary(), t.source()));
        }
        List<RecentTouch> shown = new ArrayList<>(all.stream().filter(t -> !Channels.SYSTEM.equals(t.channel())).limit(n).toList());
        all.stream().filter(t -> Channels.SYSTEM.equals(t.channel())).limit(Math.max(0, n - shown.size())).forEach(shown::add);
        return shown;
    }

    static SlaRecord slaRecord(List<CaseSummary> history) {
        int open = 0;
        int breached = 0;
        int openBreached = 0;
        int scored = 0;
        int scoreSum = 0;
        Instant last = null;
        for (CaseSummary c : history) {
            if (c.active()) {
                open++;
            }
            if (c.breached()) {
                breached++;
                if (c.active()) {
                    openBreached++;
                }
            }
            if (c.satisfaction() != null) {
                scored++;
                scoreSum += c.satisfaction();
            }
            if (last == null || c.createdAt().isAfter(last)) {
                last = c.createdAt();
            }
        }
        return new SlaRecord(history.size(), open, breached, openBreached,
                scored == 0 ? null : Math.round(scoreSum * 100.0 / scored) / 100.0, last);
    }
}
