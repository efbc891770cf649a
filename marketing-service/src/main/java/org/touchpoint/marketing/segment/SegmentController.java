package org.touchpoint.marketing.segment;

import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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

/** Segments: rule-based (kept up to date from touches and profiles) and static lists. */
@RestController
@RequestMapping("/api/segments")
class SegmentController {

    private final SegmentService segments;
    private final IdempotentRequests idempotent;

    SegmentController(SegmentService segments, IdempotentRequests idempotent) {
        this.segments = segments;
        this.idempotent = idempotent;
    }

    @PostMapping
    @RequiresScope(Scopes.SEGMENTS_WRITE)
    ResponseEntity<SegmentResponse> create(@Valid @RequestBody SegmentRequest request,
                                           @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, SegmentResponse.class, () -> {
            Segment s = segments.create(request);
            return ResponseEntity.created(URI.create("/api/segments/" + s.getId())).eTag(Etags.of(s.getVersion())).body(segments.view(s));
        });
    }

    /** Counts the customers a rule selects now, with a sample, without saving anything. */
    @PostMapping("/preview")
    @RequiresScope(Scopes.SEGMENTS_READ)
    SegmentResponse.Preview preview(@RequestBody SegmentRequest.Preview request) {
        return segments.preview(request.rule());
    }

    @GetMapping
    @RequiresScope(Scopes.SEGMENTS_READ)
    Page<SegmentResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return segments.list(limit, cursor);
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.SEGMENTS_READ)
    ResponseEntity<SegmentResponse> get(@PathVariable String id) {
        Segment s = segments.get(id);
        return ResponseEntity.ok().eTag(Etags.of(s.getVersion())).body(segments.view(s));
    }

    @PutMapping("/{id}")
    @RequiresScope(Scopes.SEGMENTS_WRITE)
    ResponseEntity<SegmentResponse> replace(@PathVariable String id, @Valid @RequestBody SegmentRequest request,
                                            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Segment s = segments.replace(id, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(s.getVersion())).body(segments.view(s));
    }

    @GetMapping("/{id}/members")
    @RequiresScope(Scopes.SEGMENTS_READ)
    Page<SegmentResponse.Member> members(@PathVariable String id, @RequestParam(required = false) Integer limit,
                                         @RequestParam(required = false) String cursor) {
        return segments.members(id, limit, cursor);
    }

    /** Adds customers to a static list (ids given or imported). */
    @PostMapping("/{id}/members")
    @RequiresScope(Scopes.SEGMENTS_WRITE)
    ResponseEntity<Void> addMembers(@PathVariable String id, @Valid @RequestBody SegmentRequest.Members request) {
        segments.addMembers(id, request.customerIds(), true);
        return ResponseEntity.noContent().build();
    }

    /** Imports customers into a static list: a CSV (or plain text) with one customer id per line, first column. */
    @PostMapping(value = "/{id}/members", consumes = {"text/csv", "text/plain"})
    @RequiresScope(Scopes.SEGMENTS_WRITE)
    ResponseEntity<Void> importMembers(@PathVariable String id, @RequestBody String csv) {
        java.util.List<String> ids = csv.lines().map(line -> line.split("[,;]", 2)[0].strip().replace("\"", ""))
                .filter(v -> !v.isEmpty() && !v.equalsIgnoreCase("customerId") && !v.equalsIgnoreCase("id")).distinct().toList();
        if (ids.isEmpty() || ids.size() > 10_000) {
            throw org.touchpoint.kit.web.CrmApiException.badRequest("body", "must list 1 to 10000 customer ids, one per line");
        }
        segments.addMembers(id, ids, true);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}/members/{customerId}")
    @RequiresScope(Scopes.SEGMENTS_WRITE)
    ResponseEntity<Void> removeMember(@PathVariable String id, @PathVariable String customerId) {
        segments.addMembers(id, java.util.List.of(customerId), false);
        return ResponseEntity.noContent().build();
    }
}
