package org.touchpoint.sales.opportunity;

import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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

/** Opportunities: deals moving through a pipeline to won or lost. */
@RestController
@RequestMapping("/api/opportunities")
class OpportunityController {

    private final OpportunityService opportunities;
    private final IdempotentRequests idempotent;

    OpportunityController(OpportunityService opportunities, IdempotentRequests idempotent) {
        this.opportunities = opportunities;
        this.idempotent = idempotent;
    }

    @PostMapping
    @RequiresScope(Scopes.OPPORTUNITIES_WRITE)
    ResponseEntity<OpportunityResponse> create(@Valid @RequestBody OpportunityRequest request,
                                               @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, OpportunityResponse.class, () -> {
            Opportunity o = opportunities.create(request);
            return ResponseEntity.created(URI.create("/api/opportunities/" + o.getId())).eTag(Etags.of(o.getVersion())).body(o.toResponse());
        });
    }

    @GetMapping
    @RequiresScope(Scopes.OPPORTUNITIES_READ)
    Page<OpportunityResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                                   @RequestParam(required = false) String customerId, @RequestParam(required = false) String ownerId,
                                   @RequestParam(required = false) String status, @RequestParam(required = false) String pipelineId,
                                   @RequestParam(required = false) String stage) {
        return opportunities.list(limit, cursor, customerId, ownerId, status, pipelineId, stage);
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.OPPORTUNITIES_READ)
    ResponseEntity<OpportunityResponse> get(@PathVariable String id) {
        Opportunity o = opportunities.get(id);
        return ResponseEntity.ok().eTag(Etags.of(o.getVersion())).body(o.toResponse());
    }

    /** Replaces the terms of an open deal (name, amount, line items, owner, close date, probability). */
    @PutMapping("/{id}")
    @RequiresScope(Scopes.OPPORTUNITIES_WRITE)
    ResponseEntity<OpportunityResponse> replace(@PathVariable String id, @Valid @RequestBody OpportunityRequest request,
                                                @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Opportunity o = opportunities.replace(id, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(o.getVersion())).body(o.toResponse());
    }

    /** Moves the deal to a stage of its pipeline; the won and lost stages close it for good. */
    @PostMapping("/{id}/stage")
    @RequiresScope(Scopes.OPPORTUNITIES_WRITE)
    ResponseEntity<OpportunityResponse> move(@PathVariable String id, @Valid @RequestBody StageChangeRequest request,
                                             @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Opportunity o = opportunities.move(id, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(o.getVersion())).body(o.toResponse());
    }
}
