package org.touchpoint.sales.lead;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.HttpStatus;
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
import org.touchpoint.sales.opportunity.OpportunityResponse;

/** Leads: capture, explainable scoring, assignment, disqualification and conversion into a customer. */
@RestController
@RequestMapping("/api/leads")
class LeadController {

    private final LeadService leads;
    private final IdempotentRequests idempotent;

    LeadController(LeadService leads, IdempotentRequests idempotent) {
        this.leads = leads;
        this.idempotent = idempotent;
    }

    @PostMapping
    @RequiresScope(Scopes.LEADS_WRITE)
    ResponseEntity<LeadResponse> create(@Valid @RequestBody LeadRequest request,
                                        @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, LeadResponse.class, () -> {
            Lead lead = leads.create(request);
            return ResponseEntity.created(URI.create("/api/leads/" + lead.getId())).eTag(Etags.of(lead.getVersion())).body(lead.toResponse());
        });
    }

    @GetMapping
    @RequiresScope(Scopes.LEADS_READ)
    Page<LeadResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                            @RequestParam(required = false) String status, @RequestParam(required = false) String ownerId,
                            @RequestParam(required = false) String source, @RequestParam(required = false) String customerId,
                            @RequestParam(required = false) Integer minScore) {
        return leads.list(limit, cursor, status, ownerId, source, customerId, minScore);
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.LEADS_READ)
    ResponseEntity<LeadResponse> get(@PathVariable String id) {
        Lead lead = leads.get(id);
        return ResponseEntity.ok().eTag(Etags.of(lead.getVersion())).body(lead.toResponse());
    }

    @PutMapping("/{id}")
    @RequiresScope(Scopes.LEADS_WRITE)
    ResponseEntity<LeadResponse> replace(@PathVariable String id, @Valid @RequestBody LeadRequest request,
                                         @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Lead lead = leads.replace(id, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(lead.getVersion())).body(lead.toResponse());
    }

    /** The lead's score, explained: the points of every fit and engagement rule, and the touches counted. */
    @GetMapping("/{id}/score")
    @RequiresScope(Scopes.LEADS_READ)
    Lead.ScoreResponse score(@PathVariable String id) {
        return leads.get(id).toScoreResponse(leads.rules());
    }

    record DisqualifyRequest(@NotBlank @Size(max = 500) String reason) {
    }

    @PostMapping("/{id}/disqualify")
    @RequiresScope(Scopes.LEADS_WRITE)
    ResponseEntity<LeadResponse> disqualify(@PathVariable String id, @Valid @RequestBody DisqualifyRequest request,
                                            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Lead lead = leads.disqualify(id, request.reason(), ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(lead.getVersion())).body(lead.toResponse());
    }

    record AssignRequest(@Size(max = 100) String ownerId) {
    }

    /** Assigns the lead to {@code ownerId}, or, without one, by the assignment rules (rule-based, else round-robin). */
    @PostMapping("/{id}/assign")
    @RequiresScope(Scopes.LEADS_WRITE)
    ResponseEntity<LeadResponse> assign(@PathVariable String id, @Valid @RequestBody(required = false) AssignRequest request,
                                        @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Lead lead = leads.assign(id, request == null ? null : request.ownerId(), ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(lead.getVersion())).body(lead.toResponse());
    }

    record ConvertResponse(String leadId, String customerId, boolean linked, OpportunityResponse opportunity, LeadResponse lead) {
    }

    /**
     * Converts the lead into a customer (a new contact, or the existing one with the same email), optionally opening
     * an opportunity. Converting a converted lead is 409.
     */
    @PostMapping("/{id}/convert")
    @RequiresScope(Scopes.LEADS_WRITE)
    ResponseEntity<ConvertResponse> convert(@PathVariable String id, @Valid @RequestBody(required = false) ConvertRequest request,
                                            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        LeadService.Converted c = leads.convert(id, request, ifMatch);
        return ResponseEntity.status(HttpStatus.OK).eTag(Etags.of(c.lead().getVersion()))
                .body(new ConvertResponse(c.lead().getId(), c.customerId(), c.linked(),
                        c.opportunity() == null ? null : c.opportunity().toResponse(), c.lead().toResponse()));
    }
}
