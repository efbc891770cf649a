package org.touchpoint.support.context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    record Opportunity(String opportunityId, String name, String stage, Double probability, String amount, String currency,
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

    record SupportContext(String customerId, String known, Map<String, Object> profile, Entitlements.TierView tier,
                          List<Opportunity> openOpportunities, Campaign lastCampaign, List<RecentTouch> recentTouches,
                          List<CaseSummary> cases, SlaRecord sla) {
    }

    @GetMapping("/api/customers/{customerId}/support-context")
    @RequiresScope(Scopes.CASES_READ)
    SupportContext context(@PathVariable String customerId) {
        Optional<CustomerDirectory.CustomerCopy> copy = customers.find(customerId);
        List<CaseSummary> history = cases.casesOf(customerId, CASES_SHOWN);
        if (copy.isEmpty() && history.isEmpty()) {
            throw CrmApiException.notFound("customer", customerId);
        }
        Map<String, Object> profile = copy.map(CustomerDirectory.CustomerCopy::profile).orElse(null);
        String caseAccount = history.stream().map(CaseSummary::accountId).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        Entitlements.TierView tier = entitlements.tierFor(customerId, caseAccount);
        return new SupportContext(customerId, profile == null ? "partial" : "full", profile, tier,
                copy.map(c -> openOpportunities(c.opportunityEvents())).orElse(List.of()),
                copy.flatMap(c -> lastCampaign(c.campaigns())).orElse(null),
                copy.map(c -> recent(c.recentTouches(), properties.context().recentTouches())).orElse(List.of()),
                history, slaRecord(history));
    }

    /** The latest state of each deal (by occurredAt, whatever the arrival order); won and lost deals are closed. */
    static List<Opportunity> openOpportunities(List<Map<String, Object>> events) {
        Map<String, Map<String, Object>> latest = new LinkedHashMap<>();
        Map<String, Boolean> closed = new LinkedHashMap<>();
        for (Map<String, Object> e : events) { // sorted by occurredAt
            String id = (String) e.get("opportunityId");
            if (id == null) {
                continue;
            }
            String kind = (String) e.get("kind");
            if (TouchKinds.OPPORTUNITY_WON.equals(kind) || TouchKinds.OPPORTUNITY_LOST.equals(kind)) {
                closed.put(id, true);
            }
            Map<String, Object> merged = new LinkedHashMap<>(latest.getOrDefault(id, Map.of()));
            e.forEach((k, v) -> {
                if (v != null) {
                    merged.put(k, v);
                }
            });
            latest.put(id, merged);
        }
        List<Opportunity> open = new ArrayList<>();
        latest.forEach((id, e) -> {
            if (!closed.containsKey(id)) {
                open.add(new Opportunity(id, (String) e.get("name"), (String) e.get("stage"),
                        e.get("probability") instanceof Number n ? n.doubleValue() : null, (String) e.get("amount"),
                        (String) e.get("currency"), (String) e.get("expectedCloseDate"), (String) e.get("ownerId"),
                        (Instant) e.get("occurredAt")));
            }
        });
        open.sort(Comparator.comparing(Opportunity::updatedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return open;
    }

    static Optional<Campaign> lastCampaign(List<Map<String, Object>> campaigns) {
        if (campaigns.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> c = campaigns.getLast(); // sorted by occurredAt
        return Optional.of(new Campaign((String) c.get("campaignId"), (String) c.get("campaignName"), (String) c.get("offerName"),
                (String) c.get("offerCode"), (String) c.get("subject"), (String) c.get("channel"), (Instant) c.get("occurredAt")));
    }

    /** The last {@code n} touches, conversations with the customer first, then bookkeeping; newest first in each. */
    static List<RecentTouch> recent(List<Map<String, Object>> touches, int n) {
        List<RecentTouch> all = new ArrayList<>();
        for (Map<String, Object> t : touches.reversed()) {
            all.add(new RecentTouch((String) t.get("kind"), (String) t.get("channel"), (Instant) t.get("occurredAt"),
                    (String) t.get("actor"), (String) t.get("summary"), (String) t.get("source")));
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
