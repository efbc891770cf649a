package org.touchpoint.sales.assignment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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

/** The lead assignment rules and the round-robin list: view them, replace them (If-Match). */
@RestController
class AssignmentRulesController {

    private final Assignments assignments;

    AssignmentRulesController(Assignments assignments) {
        this.assignments = assignments;
    }

    record RulesRequest(@NotNull @Size(max = 100) List<AssignmentRules.@Valid @NotNull Rule> rules,
                        @NotNull @Size(max = 200) List<@NotBlank @Size(max = 100) String> roundRobin) {
    }

    @GetMapping("/api/assignment-rules")
    @RequiresScope(Scopes.LEADS_READ)
    ResponseEntity<AssignmentRules.Response> get() {
        AssignmentRules rules = assignments.current();
        return ResponseEntity.ok().eTag(Etags.of(rules.getVersion())).body(rules.toResponse());
    }

    @PutMapping("/api/assignment-rules")
    @RequiresScope(Scopes.LEADS_WRITE)
    ResponseEntity<AssignmentRules.Response> replace(@Valid @RequestBody RulesRequest request,
                                                     @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        AssignmentRules saved = assignments.replace(request.rules(), request.roundRobin(), ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(saved.getVersion())).body(saved.toResponse());
    }
}
