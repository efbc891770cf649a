package org.touchpoint.support.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.Page;
import org.touchpoint.support.SupportCatalog;
import org.touchpoint.support.SupportProperties;
import org.touchpoint.support.entitlement.Entitlements;
import org.touchpoint.support.sla.SlaPolicies;

/** Opens and works cases: every command reads the case, applies a domain method and writes it with its touches. */
@Service
public class CaseService {

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final SupportCatalog catalog;
    private final SupportProperties properties;
    private final Entitlements entitlements;
    private final SlaPolicies policies;
    private final CaseNumbers numbers;
    private final org.touchpoint.support.customer.CustomerDirectory customers;
    private final CustomerCaseStore customerCases;
    private final SurveyLinks surveys;
    private final Clock clock;

    CaseService(MongoTemplate mongo, OutboxStore store, SupportCatalog catalog, SupportProperties properties,
                Entitlements entitlements, SlaPolicies policies, CaseNumbers numbers, SurveyLinks surveys,
                org.touchpoint.support.customer.CustomerDirectory customers, CustomerCaseStore customerCases, Clock clock) {
        this.customers = customers;
        this.customerCases = customerCases;
        this.mongo = mongo;
        this.store = store;
        this.catalog = catalog;
        this.properties = properties;
        this.entitlements = entitlements;
        this.policies = policies;
        this.numbers = numbers;
        this.surveys = surveys;
        this.clock = clock;
    }

    SupportCase open(CaseRequests.OpenCase r) {
        if (!SupportCatalog.CHANNELS.contains(r.channel())) {
            throw CrmApiException.badRequest("channel", "must be one of " + SupportCatalog.CHANNELS);
        }
        String priority = r.priority() == null ? "normal" : SupportCatalog.requirePriority("priority", r.priority());
        String queue = r.queue() == null ? catalog.defaultQueue() : catalog.requireQueue("queue", r.queue());
        Entitlements.TierView tier = entitlements.tierFor(r.customerId(), r.accountId());
        String accountId = r.accountId() != null ? r.accountId()
                : tier.accountId() != null ? tier.accountId() : customers.accountOf(r.customerId()).orElse(null);
        var opening = new SupportCase.Opening(r.customerId(), accountId, tier.tier(), r.subject().trim(), r.description(),
                r.channel(), priority, r.category(), queue, blankToNull(r.assignee()));
        Instant now = clock.instant();
        SupportCase c = SupportCase.open(Ids.newId("cas", clock), numbers.next(), opening, policies.resolve(tier.tier(), priority),
                properties.sla().warnAt(), CrmPrincipal.currentActor(), now);
        customerCases.add(c.customerId(), c.getId()); // first: a case that exists is always in its customer's index
        return store.insert(c);
    }

    SupportCase get(String id) {
        SupportCase c = mongo.findById(id, SupportCase.class);
        if (c == null) {
            throw CrmApiException.notFound("case", id);
        }
        return c;
    }

    SupportCase update(String id, CaseRequests.UpdateCase r, String ifMatch) {
        if (r.priority() != null) {
            SupportCatalog.requirePriority("priority", r.priority());
        }
        if (r.queue() != null) {
            catalog.requireQueue("queue", r.queue());
        }
        return change(id, ifMatch, c -> !c.update(new SupportCase.Changes(r.subject(), r.description(), r.priority(),
                r.category(), r.queue(), r.assignee()), CrmPrincipal.currentActor(), clock.instant()).isEmpty());
    }

    SupportCase changeStatus(String id, CaseRequests.StatusChange r, String ifMatch) {
        if (!CaseStatus.ALL.contains(r.status())) {
            throw CrmApiException.badRequest("status", "must be one of " + CaseStatus.ALL);
        }
        return change(id, ifMatch, c -> {
            c.moveTo(r.status(), r.note(), CrmPrincipal.currentActor(), clock.instant());
            if (CaseStatus.RESOLVED.equals(r.status()) && !c.surveyAnswered()) {
                SurveyLinks.Link link = surveys.issue(c.getId());
                c.issueSurvey(link.token(), link.url(), link.expiresAt(), clock.instant());
            }
            return true;
        });
    }

    SupportCase escalate(String id, CaseRequests.Escalation r, String ifMatch) {
        return change(id, ifMatch, c -> {
            if (!CaseStatus.active(c.status())) {
                throw CrmApiException.conflict("a " + c.status() + " case cannot be escalated; reopen it first");
            }
            c.escalate(r == null || r.note() == null ? "manual" : "manual: " + r.note(), catalog.escalationQueue(),
                    CrmPrincipal.currentActor(), clock.instant());
            return true;
        });
    }

    SupportCase comment(String id, CaseRequests.NewComment r, String ifMatch) {
        String visibility = r.visibility() == null ? "internal" : r.visibility();
        if (!visibility.equals("public") && !visibility.equals("internal")) {
            throw CrmApiException.badRequest("visibility", "must be public or internal");
        }
        boolean fromCustomer = Boolean.TRUE.equals(r.fromCustomer());
        if (fromCustomer && visibility.equals("internal")) {
            throw CrmApiException.badRequest("visibility", "a comment from the customer is public");
        }
        return change(id, ifMatch, c -> {
            c.comment(Ids.newId("cmt", clock), r.body(), visibility, fromCustomer, CrmPrincipal.currentActor(), clock.instant());
            return true;
        });
    }

    /**
     * Reads the case, applies the change and writes it with its touches. With If-Match a concurrent change is 412.
     * Without it the caller asked for "whatever the current version is": a concurrent write (the SLA scheduler
     * escalating, another agent) makes the change be re-applied to the fresh case, re-checking its rules.
     *
     * @param change returns false when nothing changed (nothing is written)
     */
    private SupportCase change(String id, String ifMatch, java.util.function.Predicate<SupportCase> change) {
        for (int attempt = 1; ; attempt++) {
            SupportCase c = get(id);
            Etags.requireMatch(ifMatch, c.getVersion());
            boolean changed;
            try {
                changed = change.test(c);
            } catch (SupportCase.IllegalTransition e) {
                throw CrmApiException.conflict(e.getMessage());
            }
            if (!changed) {
                return c;
            }
            try {
                return store.update(c);
            } catch (OptimisticLockingFailureException e) {
                if (ifMatch != null || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Answers the survey of a case once, through its current link; false when it was answered already. */
    boolean answerSurvey(String caseId, String token, int score, String comment) {
        for (int attempt = 1; ; attempt++) {
            SupportCase c = forSurvey(caseId, token);
            if (c.surveyAnswered()) {
                return false;
            }
            c.answerSurvey(score, comment, clock.instant());
            try {
                store.update(c);
                return true;
            } catch (OptimisticLockingFailureException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** The case a survey link names, if the link is still the case's own (410 once erased or replaced). */
    SupportCase forSurvey(String caseId, String token) {
        SupportCase c = mongo.findById(caseId, SupportCase.class);
        if (c == null) {
            throw CrmApiException.notFound("survey", "of this link");
        }
        if (!c.holdsSurveyToken(token)) {
            throw CrmApiException.gone("this survey link is no longer valid");
        }
        return c;
    }

    Page<CaseResponse> list(Integer limit, String cursor, String status, String priority, String queue, String assignee,
                            String customerId, String accountId, Boolean breached) {
        List<Criteria> filters = new ArrayList<>();
        if (status != null) {
            if (!CaseStatus.ALL.contains(status)) {
                throw CrmApiException.badRequest("status", "must be one of " + CaseStatus.ALL);
            }
            filters.add(Criteria.where("status").is(status));
        }
        if (priority != null) {
            filters.add(Criteria.where("priority").is(SupportCatalog.requirePriority("priority", priority)));
        }
        if (queue != null) {
            filters.add(Criteria.where("queue").is(catalog.requireQueue("queue", queue)));
        }
        if (assignee != null) {
            filters.add(Criteria.where("assignee").is(assignee));
        }
        if (customerId != null) {
            filters.add(Criteria.where("customerId").is(customerId));
        }
        if (accountId != null) {
            filters.add(Criteria.where("accountId").is(accountId));
        }
        if (breached != null) {
            filters.add(breached ? Criteria.where("breached").is(true) : Criteria.where("breached").ne(true));
        }
        Instant now = clock.instant();
        return CursorQuery.find(mongo, SupportCase.class, filters, limit, cursor, SupportCase::getId,
                page -> page.stream().map(c -> CaseResponse.of(c, now)).toList());
    }

    /** A customer's cases for the agent's context: the latest first, at most {@code limit}; reads by {@code _id} only. */
    public List<CaseSummary> casesOf(String customerId, int limit) {
        List<String> ids = customerCases.latest(customerId, limit);
        if (ids.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), SupportCase.class).stream()
                .sorted(Comparator.comparing(SupportCase::getId).reversed()).map(c -> CaseSummary.of(c, now)).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
