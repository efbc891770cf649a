package org.touchpoint.support.sla;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Instant;
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
import org.touchpoint.kit.web.Page;

/** Business-hours calendars that SLA policies count in. */
@RestController
@RequestMapping("/api/calendars")
class CalendarController {

    private final SlaPolicies policies;

    CalendarController(SlaPolicies policies) {
        this.policies = policies;
    }

    record CalendarRequest(@Size(max = 200) String name, @NotBlank String timezone, @NotEmpty @Size(max = 7) List<String> weekdays,
                           @NotBlank String open, @NotBlank String close) {
    }

    record CalendarResponse(String id, String name, String timezone, List<String> weekdays, String open, String close,
                            Instant updatedAt, long version) {
        static CalendarResponse of(BusinessCalendar c) {
            return new CalendarResponse(c.id, c.name, c.timezone, c.weekdays, c.open, c.close, c.updatedAt,
                    c.version == null ? 0 : c.version);
        }
    }

    @GetMapping
    @RequiresScope(Scopes.SLA_READ)
    Page<CalendarResponse> list() {
        return new Page<>(policies.calendars().stream().map(CalendarResponse::of).toList(), null);
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.SLA_READ)
    ResponseEntity<CalendarResponse> get(@PathVariable String id) {
        BusinessCalendar c = policies.calendar(id);
        return ResponseEntity.ok().eTag(Etags.of(c.version)).body(CalendarResponse.of(c));
    }

    @PutMapping("/{id}")
    @RequiresScope(Scopes.SLA_WRITE)
    ResponseEntity<CalendarResponse> put(@PathVariable String id, @Valid @RequestBody CalendarRequest request,
                                         @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        BusinessCalendar c = policies.putCalendar(id, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(c.version)).body(CalendarResponse.of(c));
    }
}
