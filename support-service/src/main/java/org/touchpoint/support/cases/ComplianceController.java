package org.touchpoint.support.cases;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.support.SupportCatalog;

/**
 * SLA compliance of the cases opened in a period, per tier and priority (the policy they opened under): how many
 * met and how many breached each target, the compliance rate, and the mean first-response and resolution times.
 */
@RestController
class ComplianceController {

    /** Cases read at most per request: a bound, reported as {@code truncated} when reached. */
    static final int MAX_CASES = 20_000;

    private final MongoTemplate mongo;
    private final SupportCatalog catalog;
    private final Clock clock;

    ComplianceController(MongoTemplate mongo, SupportCatalog catalog, Clock clock) {
        this.mongo = mongo;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * @param met      cases whose targets were all met (first response given and resolved in time)
     * @param breached cases that breached at least one target
     * @param rate     met / (met + breached), null when no case has an outcome yet
     */
    record Group(String tier, String priority, int cases, int open, int met, int breached, BigDecimal rate,
                 int firstResponseBreached, int resolutionBreached, Double meanFirstResponseMinutes,
                 Double meanResolutionMinutes) {
    }

    record Compliance(Instant from, Instant to, int cases, int met, int breached, BigDecimal rate, List<Group> groups,
                      boolean truncated) {
    }

    @GetMapping("/api/sla/compliance")
    @RequiresScope(Scopes.SLA_READ)
    Compliance compliance(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant now = clock.instant();
        Instant end = to == null ? now : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw CrmApiException.badRequest("from", "must be before to");
        }
        Query q = Query.query(Criteria.where("createdAt").gte(start).lt(end)).limit(MAX_CASES + 1);
        List<SupportCase> cases = mongo.find(q, SupportCase.class);
        boolean truncated = cases.size() > MAX_CASES;
        if (truncated) {
            cases = cases.subList(0, MAX_CASES);
        }
        Map<String, Acc> groups = new LinkedHashMap<>();
        Acc total = new Acc("*", "*");
        for (SupportCase c : cases) {
            if (c.sla() == null) {
                continue;
            }
            String tier = c.sla().policyTier;
            String priority = c.sla().policyPriority;
            Acc acc = groups.computeIfAbsent(tier + ":" + priority, k -> new Acc(tier, priority));
            acc.add(c, now);
            total.add(c, now);
        }
        List<Group> out = new ArrayList<>(groups.values().stream().map(Acc::group).toList());
        out.sort(Comparator.comparing((Group g) -> -catalog.rank(g.tier())).thenComparing(g -> -SupportCatalog.PRIORITIES.indexOf(g.priority())));
        return new Compliance(start, end, total.cases, total.met, total.breached, rate(total.met, total.breached), out, truncated);
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw CrmApiException.badRequest(field, "must be an ISO-8601 instant or date such as 2026-11-01");
            }
        }
    }

    private static BigDecimal rate(int met, int breached) {
        return met + breached == 0 ? null : BigDecimal.valueOf(met).divide(BigDecimal.valueOf(met + breached), 4, RoundingMode.HALF_UP);
    }

    private static final class Acc {
        final String tier;
        final String priority;
        int cases;
        int open;
        int met;
        int breached;
        int firstBreached;
        int resolutionBreached;
        long firstSum;
        int firstN;
        long resolutionSum;
        int resolutionN;

        Acc(String tier, String priority) {
            this.tier = tier;
            this.priority = priority;
        }

        void add(SupportCase c, Instant now) {
            cases++;
            var s = c.sla();
            if (CaseStatus.active(c.status())) {
                open++;
            }
            if (s.firstResponse.breachedAt() != null) {
                firstBreached++;
            }
            if (s.resolution.breachedAt() != null) {
                resolutionBreached++;
            }
            if (c.breached()) {
                breached++;
            } else if (s.firstResponse.met() && s.resolution.met()) {
                met++;
            }
            if (s.firstResponse.stopped()) {
                firstSum += c.firstResponseTime(now).toSeconds();
                firstN++;
            }
            if (c.resolvedAt() != null) {
                resolutionSum += c.resolutionTime(now).toSeconds();
                resolutionN++;
            }
        }

        Group group() {
            return new Group(tier, priority, cases, open, met, breached, rate(met, breached), firstBreached, resolutionBreached,
                    firstN == 0 ? null : Math.round(firstSum / 60.0 / firstN * 100) / 100.0,
                    resolutionN == 0 ? null : Math.round(resolutionSum / 60.0 / resolutionN * 100) / 100.0);
        }
    }
}
