package org.touchpoint.support.visit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.Page;
import org.touchpoint.support.cases.CaseLookup;

/** Field service: visits (work orders) for a case, their status, and a technician's day. */
@RestController
class VisitController {

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final CaseLookup cases;
    private final IdempotentRequests idempotent;
    private final Clock clock;

    VisitController(MongoTemplate mongo, OutboxStore store, CaseLookup cases, IdempotentRequests idempotent, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.cases = cases;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    record VisitRequest(@NotBlank @Size(max = 200) String technician, @NotNull Instant windowStart, @NotNull Instant windowEnd,
                        @NotNull @Valid AddressRequest address, @Size(max = 2000) String notes) {
    }

    record AddressRequest(@NotBlank @Size(max = 200) String line1, @Size(max = 200) String line2,
                          @NotBlank @Size(max = 100) String city, @Size(max = 20) String postalCode,
                          @Size(max = 100) String region, @NotBlank @Size(min = 2, max = 2) String country) {
    }

    /** Any subset; absent fields stay. */
    record RescheduleRequest(@Size(min = 1, max = 200) String technician, Instant windowStart, Instant windowEnd,
                             @Valid AddressRequest address, @Size(max = 2000) String notes) {
    }

    record StatusRequest(@NotBlank String status, @Size(max = 2000) String note) {
    }

    record VisitResponse(String id, String caseId, String caseNumber, String customerId, String technician,
                         Instant windowStart, Instant windowEnd, Visit.Address address, String notes, String status,
                         String outcome, List<Visit.Change> history, Instant createdAt, Instant updatedAt, long version) {
    }

    @PostMapping("/api/cases/{caseId}/visits")
    @RequiresScope(Scopes.CASES_WRITE)
    ResponseEntity<VisitResponse> schedule(@PathVariable String caseId, @Valid @RequestBody VisitRequest r,
                                           @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        checkWindow(r.windowStart(), r.windowEnd());
        return idempotent.execute(key, r, VisitResponse.class, () -> {
            CaseLookup.CaseRef c = cases.require(caseId);
            if (c.closed()) {
                throw CrmApiException.conflict("case " + c.number() + " is closed; no visit can be scheduled");
            }
            AddressRequest a = r.address();
            Visit v = store.insert(Visit.schedule(Ids.newId("vis", clock), c.id(), c.number(), c.customerId(), c.accountId(),
                    r.technician().trim(), r.windowStart(), r.windowEnd(),
                    new Visit.Address(a.line1(), a.line2(), a.city(), a.postalCode(), a.region(), a.country().toUpperCase()),
                    r.notes(), CrmPrincipal.currentActor(), clock.instant()));
            return ResponseEntity.created(URI.create("/api/visits/" + v.getId())).eTag(Etags.of(v.getVersion())).body(v.toResponse());
        });
    }

    @GetMapping("/api/cases/{caseId}/visits")
    @RequiresScope(Scopes.CASES_READ)
    Page<VisitResponse> ofCase(@PathVariable String caseId, @RequestParam(required = false) Integer limit,
                               @RequestParam(required = false) String cursor) {
        cases.require(caseId);
        return CursorQuery.find(mongo, Visit.class, List.of(Criteria.where("caseId").is(caseId)), limit, cursor,
                Visit::getId, page -> page.stream().map(Visit::toResponse).toList());
    }

    @GetMapping("/api/visits/{id}")
    @RequiresScope(Scopes.CASES_READ)
    ResponseEntity<VisitResponse> get(@PathVariable String id) {
        Visit v = find(id);
        return ResponseEntity.ok().eTag(Etags.of(v.getVersion())).body(v.toResponse());
    }

    /** Reschedules a visit that is still scheduled (409 otherwise): window, technician, address, notes; {@code If-Match}. */
    @org.springframework.web.bind.annotation.PatchMapping("/api/visits/{id}")
    @RequiresScope(Scopes.CASES_WRITE)
    ResponseEntity<VisitResponse> reschedule(@PathVariable String id, @Valid @RequestBody RescheduleRequest r,
                                             @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Visit v = find(id);
        Etags.requireMatch(ifMatch, v.getVersion());
        Instant start = r.windowStart() == null ? v.windowStart() : r.windowStart();
        Instant end = r.windowEnd() == null ? v.windowEnd() : r.windowEnd();
        checkWindow(start, end);
        AddressRequest a = r.address();
        Visit.Address address = a == null ? v.address()
                : new Visit.Address(a.line1(), a.line2(), a.city(), a.postalCode(), a.region(), a.country().toUpperCase());
        try {
            if (v.reschedule(r.technician() == null ? v.technician() : r.technician().trim(), start, end, address,
                    r.notes() == null ? v.notes() : r.notes(), CrmPrincipal.currentActor(), clock.instant())) {
                store.update(v);
            }
        } catch (IllegalStateException e) {
            throw CrmApiException.conflict(e.getMessage());
        }
        return ResponseEntity.ok().eTag(Etags.of(v.getVersion())).body(v.toResponse());
    }

    private static void checkWindow(Instant start, Instant end) {
        if (!end.isAfter(start)) {
            throw CrmApiException.badRequest("windowEnd", "must be after windowStart");
        }
        if (Duration.between(start, end).compareTo(Duration.ofHours(24)) > 0) {
            throw CrmApiException.badRequest("windowEnd", "a visit window is at most 24 hours");
        }
    }

    /** Moves the visit: scheduled → en-route → done, or cancelled; done and cancelled are final (409). */
    @PostMapping("/api/visits/{id}/status")
    @RequiresScope(Scopes.CASES_WRITE)
    ResponseEntity<VisitResponse> status(@PathVariable String id, @Valid @RequestBody StatusRequest r,
                                         @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        if (!Visit.STATUSES.contains(r.status())) {
            throw CrmApiException.badRequest("status", "must be one of " + Visit.STATUSES);
        }
        Visit v = find(id);
        Etags.requireMatch(ifMatch, v.getVersion());
        try {
            v.moveTo(r.status(), r.note(), CrmPrincipal.currentActor(), clock.instant());
        } catch (IllegalStateException e) {
            throw CrmApiException.conflict(e.getMessage());
        }
        store.update(v);
        return ResponseEntity.ok().eTag(Etags.of(v.getVersion())).body(v.toResponse());
    }

    /** A technician's visits on one day (in {@code zone}, UTC by default), in time order; cancelled ones on request. */
    @GetMapping("/api/technicians/{technician}/visits")
    @RequiresScope(Scopes.CASES_READ)
    Page<VisitResponse> day(@PathVariable String technician, @RequestParam String date,
                            @RequestParam(required = false, defaultValue = "UTC") String zone,
                            @RequestParam(required = false, defaultValue = "false") boolean includeCancelled) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw CrmApiException.badRequest("date", "must be a date such as 2026-11-23");
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw CrmApiException.badRequest("zone", "must be a time zone such as Europe/Madrid");
        }
        Instant start = day.atStartOfDay(zoneId).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(zoneId).toInstant();
        // windows are at most 24 h long, so a visit overlapping the day starts within a day before its end
        Criteria c = Criteria.where("technician").is(technician).and("windowStart").gt(start.minus(Duration.ofHours(24))).lt(end)
                .and("windowEnd").gt(start);
        List<VisitResponse> items = new ArrayList<>();
        for (Visit v : mongo.find(Query.query(c).with(Sort.by("windowStart")).limit(500), Visit.class)) {
            VisitResponse r = v.toResponse();
            if (includeCancelled || !Visit.CANCELLED.equals(r.status())) {
                items.add(r);
            }
        }
        return new Page<>(items, null);
    }

    private Visit find(String id) {
        Visit v = mongo.findById(id, Visit.class);
        if (v == null) {
            throw CrmApiException.notFound("visit", id);
        }
        return v;
    }
}
