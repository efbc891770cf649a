package org.touchpoint.sales.scoring;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.Etags;

/** The scoring rules and qualification thresholds: view them, replace them (If-Match). */
@RestController
class ScoringRulesController {

    private final ScoringRulesService rules;

    ScoringRulesController(ScoringRulesService rules) {
        this.rules = rules;
    }

    record RulesRequest(@NotNull @Min(1) @Max(10000) Integer mqlThreshold, @NotNull @Min(1) @Max(10000) Integer sqlThreshold,
                        @NotNull @Size(max = 100) List<@Valid @NotNull FitRule> fit,
                        @NotNull @Size(max = 100) List<@Valid @NotNull EngagementRule> engagement) {
    }

    @GetMapping("/api/scoring-rules")
    @RequiresScope(Scopes.LEADS_READ)
    ResponseEntity<ScoringRules.Response> get() {
        ScoringRules current = rules.current();
        return ResponseEntity.ok().eTag(Etags.of(current.getVersion())).body(current.toResponse());
    }

    @PutMapping("/api/scoring-rules")
    @RequiresScope(Scopes.LEADS_WRITE)
    ResponseEntity<ScoringRules.Response> replace(@Valid @RequestBody RulesRequest request,
                                                  @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        ScoringRules saved = rules.replace(request.mqlThreshold(), request.sqlThreshold(), request.fit(), request.engagement(), ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(saved.getVersion())).body(saved.toResponse());
    }
}
