package org.touchpoint.support.entitlement;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.Etags;

/** The support tier of an account (which level of support corresponds). */
@RestController
@RequestMapping("/api/entitlements")
class EntitlementController {

    private final Entitlements entitlements;
    private final Clock clock;

    EntitlementController(Entitlements entitlements, Clock clock) {
        this.entitlements = entitlements;
        this.clock = clock;
    }

    record EntitlementRequest(@NotBlank String tier, @NotBlank String validFrom, @NotBlank String validUntil) {
    }

    record EntitlementResponse(String accountId, String tier, String validFrom, String validUntil, boolean valid,
                               String source, String opportunityId, List<Entitlement.Change> history,
                               Instant createdAt, Instant updatedAt, Long version) {
    }

    /** Lists entitlements in account-id order; {@code tier} filters. */
    @GetMapping
    @RequiresScope(Scopes.CASES_READ)
    org.touchpoint.kit.web.Page<EntitlementResponse> list(@org.springframework.web.bind.annotation.RequestParam(required = false) String tier,
                                                          @org.springframework.web.bind.annotation.RequestParam(required = false) Integer limit,
                                                          @org.springframework.web.bind.annotation.RequestParam(required = false) String cursor) {
        return entitlements.list(tier, limit, cursor, today());
    }

    @GetMapping("/{accountId}")
    @RequiresScope(Scopes.CASES_READ)
    ResponseEntity<EntitlementResponse> get(@PathVariable String accountId) {
        Entitlement e = entitlements.get(accountId);
        return ResponseEntity.ok().eTag(Etags.of(e.getVersion())).body(e.toResponse(today()));
    }

    /** Sets the account's tier and validity (a downgrade too: this is explicit). */
    @PutMapping("/{accountId}")
    @RequiresScope(Scopes.CASES_WRITE)
    ResponseEntity<EntitlementResponse> put(@PathVariable String accountId, @Valid @RequestBody EntitlementRequest request,
                                            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Entitlement e = entitlements.put(accountId, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(e.getVersion())).body(e.toResponse(today()));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
