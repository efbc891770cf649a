package org.touchpoint.marketing.offer;

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

/** Offers and their "bought A → offer B" rules (scope campaigns:*). */
@RestController
@RequestMapping("/api/offers")
class OfferController {

    private final Offers offers;
    private final IdempotentRequests idempotent;

    OfferController(Offers offers, IdempotentRequests idempotent) {
        this.offers = offers;
        this.idempotent = idempotent;
    }

    @PostMapping
    @RequiresScope(Scopes.CAMPAIGNS_WRITE)
    ResponseEntity<OfferResponse> create(@Valid @RequestBody OfferRequest request,
                                         @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, OfferResponse.class, () -> {
            Offer o = offers.create(request);
            return ResponseEntity.created(URI.create("/api/offers/" + o.getId())).eTag(Etags.of(o.getVersion())).body(o.toResponse());
        });
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.CAMPAIGNS_READ)
    ResponseEntity<OfferResponse> get(@PathVariable String id) {
        Offer o = offers.get(id);
        return ResponseEntity.ok().eTag(Etags.of(o.getVersion())).body(o.toResponse());
    }

    @GetMapping
    @RequiresScope(Scopes.CAMPAIGNS_READ)
    Page<OfferResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return offers.list(limit, cursor);
    }

    @PutMapping("/{id}")
    @RequiresScope(Scopes.CAMPAIGNS_WRITE)
    ResponseEntity<OfferResponse> replace(@PathVariable String id, @Valid @RequestBody OfferRequest request,
                                          @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Offer o = offers.replace(id, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(o.getVersion())).body(o.toResponse());
    }
}
