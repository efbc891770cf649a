package org.touchpoint.support.worklog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Money;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.Page;
import org.touchpoint.support.cases.CaseLookup;
import org.touchpoint.support.customer.CustomerDirectory;

/** Work logs of a case, and the support cost per customer (for billing), summed per currency. */
@RestController
class WorkLogController {

    /** Work logs read at most for one customer's cost: a bound, reported as {@code truncated}. */
    static final int MAX_LOGS = 20_000;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final CaseLookup cases;
    private final CustomerDirectory customers;
    private final IdempotentRequests idempotent;
    private final Clock clock;

    WorkLogController(MongoTemplate mongo, OutboxStore store, CaseLookup cases, CustomerDirectory customers,
                      IdempotentRequests idempotent, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.cases = cases;
        this.customers = customers;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    /** @param minutes time spent (0..1440); @param rate the agent's hourly rate, e.g. {"amount": "45.00", "currency": "EUR"} */
    record WorkLogRequest(@NotBlank @Size(max = 200) String agent, @NotNull @Max(1440) Integer minutes,
                          @NotNull @Valid Rate rate, @Size(max = 2000) String note, Instant workedAt) {
    }

    record Rate(@NotBlank String amount, @NotBlank String currency) {
    }

    record WorkLogResponse(String id, String caseId, String caseNumber, String customerId, String agent, int minutes,
                           Money rate, Money cost, String note, Instant workedAt, Instant createdAt, String createdBy) {
    }

    record CaseCost(String caseId, String number, int minutes, List<Money> totals) {
    }

    record SupportCost(String customerId, int minutes, List<Money> totals, List<CaseCost> cases, boolean truncated) {
    }

    @PostMapping("/api/cases/{caseId}/work-logs")
    @RequiresScope(Scopes.CASES_WRITE)
    ResponseEntity<WorkLogResponse> log(@PathVariable String caseId, @Valid @RequestBody WorkLogRequest r,
                                        @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        if (r.minutes() < 0) {
            throw CrmApiException.badRequest("minutes", "must not be negative");
        }
        BigDecimal rate;
        try {
            rate = new BigDecimal(r.rate().amount());
        } catch (NumberFormatException e) {
            throw CrmApiException.badRequest("rate.amount", "must be a decimal number such as 45.00");
        }
        if (rate.signum() < 0) {
            throw CrmApiException.badRequest("rate.amount", "must not be negative");
        }
        if (!r.rate().currency().matches("[A-Z]{3}")) {
            throw CrmApiException.badRequest("rate.currency", "must be an ISO 4217 code such as EUR");
        }
        return idempotent.execute(key, r, WorkLogResponse.class, () -> {
            CaseLookup.CaseRef c = cases.require(caseId);
            if (c.closed()) {
                throw CrmApiException.conflict("case " + c.number() + " is closed; work cannot be logged on it");
            }
            WorkLog w = store.insert(WorkLog.record(Ids.newId("wlg", clock), c.id(), c.number(), c.customerId(), c.accountId(),
                    r.agent().trim(), r.minutes(), rate, r.rate().currency(), r.note(), r.workedAt(),
                    CrmPrincipal.currentActor(), clock.instant()));
            return ResponseEntity.created(URI.create("/api/cases/" + caseId + "/work-logs/" + w.getId())).body(w.toResponse());
        });
    }

    @GetMapping("/api/cases/{caseId}/work-logs")
    @RequiresScope(Scopes.CASES_READ)
    Page<WorkLogResponse> list(@PathVariable String caseId, @RequestParam(required = false) Integer limit,
                               @RequestParam(required = false) String cursor) {
        cases.require(caseId);
        return CursorQuery.find(mongo, WorkLog.class, List.of(Criteria.where("caseId").is(caseId)), limit, cursor,
                WorkLog::getId, page -> page.stream().map(WorkLog::toResponse).toList());
    }

    /** What supporting this customer cost: totals per currency, and per case. */
    @GetMapping("/api/customers/{customerId}/support-cost")
    @RequiresScope(Scopes.CASES_READ)
    SupportCost cost(@PathVariable String customerId) {
        if (!cases.customerHasCases(customerId) && customers.find(customerId).isEmpty()) {
            throw CrmApiException.notFound("customer", customerId);
        }
        List<WorkLog> logs = mongo.find(Query.query(Criteria.where("customerId").is(customerId)).with(Sort.by("_id"))
                .limit(MAX_LOGS + 1), WorkLog.class);
        boolean truncated = logs.size() > MAX_LOGS;
        if (truncated) {
            logs = logs.subList(0, MAX_LOGS);
        }
        Map<String, BigDecimal> totals = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> perCase = new LinkedHashMap<>();
        Map<String, Integer> minutesPerCase = new LinkedHashMap<>();
        Map<String, String> numbers = new LinkedHashMap<>();
        int minutes = 0;
        for (WorkLog w : logs) {
            totals.merge(w.currency(), w.costValue(), BigDecimal::add);
            perCase.computeIfAbsent(w.caseId(), k -> new TreeMap<>()).merge(w.currency(), w.costValue(), BigDecimal::add);
            minutesPerCase.merge(w.caseId(), w.minutes(), Integer::sum);
            numbers.put(w.caseId(), w.caseNumber());
            minutes += w.minutes();
        }
        List<CaseCost> caseCosts = new ArrayList<>();
        perCase.forEach((caseId, sums) -> caseCosts.add(new CaseCost(caseId, numbers.get(caseId), minutesPerCase.get(caseId), money(sums))));
        return new SupportCost(customerId, minutes, money(totals), caseCosts, truncated);
    }

    private static List<Money> money(Map<String, BigDecimal> sums) {
        return sums.entrySet().stream().map(e -> Money.of(e.getValue(), e.getKey())).toList();
    }
}
