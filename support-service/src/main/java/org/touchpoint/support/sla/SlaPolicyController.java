package org.touchpoint.support.sla;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.validation.Valid;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.Page;

/** SLA policies: first-response and resolution targets per tier and priority, optionally in business hours. */
@RestController
@RequestMapping("/api/sla-policies")
class SlaPolicyController {

    private final SlaPolicies policies;

    SlaPolicyController(SlaPolicies policies) {
        this.policies = policies;
    }

    /** @param firstResponse ISO-8601 duration, e.g. PT1H; @param resolution ISO-8601 duration; @param calendarId optional business hours */
    record PolicyRequest(@NotBlank String firstResponse, @NotBlank String resolution, @Size(max = 40) String calendarId) {
    }

    record PolicyResponse(String id, String tier, String priority, String firstResponse, String resolution,
                          String calendarId, Instant updatedAt, long version) {
        static PolicyResponse of(SlaPolicy p) {
            return new PolicyResponse(p.id, p.tier, p.priority, p.firstResponse, p.resolution, p.calendarId, p.updatedAt,
                    p.version == null ? 0 : p.version);
        }
    }

    @GetMapping
    @RequiresScope(Scopes.SLA_READ)
    Page<PolicyResponse> list(@RequestParam(required = false) String tier) {
        return new Page<>(policies.list(tier).stream().map(PolicyResponse::of).toList(), null);
    }

    @GetMapping("/{tier}/{priority}")
    @RequiresScope(Scopes.SLA_READ)
    ResponseEntity<PolicyResponse> get(@PathVariable String tier, @PathVariable String priority) {
        SlaPolicy p = policies.get(tier, priority);
        return ResponseEntity.ok().eTag(Etags.of(p.version)).body(PolicyResponse.of(p));
    }

    /** Creates or replaces the policy of a tier and priority; applies to cases opened from now on. */
    @PutMapping("/{tier}/{priority}")
    @RequiresScope(Scopes.SLA_WRITE)
    ResponseEntity<PolicyResponse> put(@PathVariable String tier, @PathVariable String priority,
                                       @Valid @RequestBody PolicyRequest request,
                                       @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        SlaPolicy p = policies.put(tier, priority, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(p.version)).body(PolicyResponse.of(p));
    }
}
