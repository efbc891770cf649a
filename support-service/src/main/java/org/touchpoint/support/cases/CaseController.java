package org.touchpoint.support.cases;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.Page;

/** Cases: open, list, read, change, move through their statuses, escalate, comment. */
@RestController
@RequestMapping("/api/cases")
class CaseController {

    private final CaseService cases;
    private final IdempotentRequests idempotent;
    private final Clock clock;

    CaseController(CaseService cases, IdempotentRequests idempotent, Clock clock) {
        this.cases = cases;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    @PostMapping
    @RequiresScope(Scopes.CASES_WRITE)
    ResponseEntity<CaseResponse> open(@Valid @RequestBody CaseRequests.OpenCase request,
                                      @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, CaseResponse.class, () -> {
            SupportCase c = cases.open(request);
            return ResponseEntity.created(URI.create("/api/cases/" + c.getId())).eTag(Etags.of(c.getVersion()))
                    .body(CaseResponse.of(c, clock.instant()));
        });
    }

    /** Lists cases, oldest first; filters combine. */
    @GetMapping
    @RequiresScope(Scopes.CASES_READ)
    Page<CaseResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                            @RequestParam(required = false) String status, @RequestParam(required = false) String priority,
                            @RequestParam(required = false) String queue, @RequestParam(required = false) String assignee,
                            @RequestParam(required = false) String customerId, @RequestParam(required = false) String accountId,
                            @RequestParam(required = false) Boolean breached) {
        return cases.list(limit, cursor, status, priority, queue, assignee, customerId, accountId, breached);
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.CASES_READ)
    ResponseEntity<CaseResponse> get(@PathVariable String id) {
        return ok(cases.get(id));
    }

    /** Changes subject, description, priority, category, queue or assignee; assignment changes enter the history. */
    @PatchMapping("/{id}")
    @RequiresScope(Scopes.CASES_WRITE)
    ResponseEntity<CaseResponse> update(@PathVariable String id, @Valid @RequestBody CaseRequests.UpdateCase request,
                                        @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return ok(cases.update(id, request, ifMatch));
    }

    /** Moves the case to another status (409 when the machine does not allow it); resolving issues the survey link. */
    @PostMapping("/{id}/status")
    @RequiresScope(Scopes.CASES_WRITE)
    ResponseEntity<CaseResponse> status(@PathVariable String id, @Valid @RequestBody CaseRequests.StatusChange request,
                                        @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return ok(cases.changeStatus(id, request, ifMatch));
    }

    @PostMapping("/{id}/escalate")
    @RequiresScope(Scopes.CASES_WRITE)
    ResponseEntity<CaseResponse> escalate(@PathVariable String id, @Valid @RequestBody(required = false) CaseRequests.Escalation request,
                                          @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return ok(cases.escalate(id, request, ifMatch));
    }

    @PostMapping("/{id}/comments")
    @RequiresScope(Scopes.CASES_WRITE)
    ResponseEntity<CaseResponse> comment(@PathVariable String id, @Valid @RequestBody CaseRequests.NewComment request,
                                         @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                         @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, CaseResponse.class, () -> {
            SupportCase c = cases.comment(id, request, ifMatch);
            return ResponseEntity.status(201).eTag(Etags.of(c.getVersion())).body(CaseResponse.of(c, clock.instant()));
        });
    }

    private ResponseEntity<CaseResponse> ok(SupportCase c) {
        return ResponseEntity.ok().eTag(Etags.of(c.getVersion())).body(CaseResponse.of(c, clock.instant()));
    }
}
