package org.touchpoint.analytics.rebuild;

import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.IdempotentRequests;

/** Rebuild every view by replaying both topics into a new generation, then swapping it in. */
@RestController
@RequestMapping("/api/analytics/rebuilds")
class RebuildController {

    private final Rebuilds rebuilds;
    private final IdempotentRequests idempotent;

    RebuildController(Rebuilds rebuilds, IdempotentRequests idempotent) {
        this.rebuilds = rebuilds;
        this.idempotent = idempotent;
    }

    /**
     * 202 with the rebuild and its Location; 409 while another rebuild runs. No body. With an
     * {@code Idempotency-Key}, a retry answers the same rebuild instead of starting another.
     */
    @PostMapping
    @RequiresScope(Scopes.ANALYTICS_WRITE)
    ResponseEntity<RebuildResponse> start(@RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, Map.of(), RebuildResponse.class, () -> {
            RebuildResponse started = rebuilds.start(CrmPrincipal.currentActor());
            return ResponseEntity.accepted().location(URI.create("/api/analytics/rebuilds/" + started.id())).body(started);
        });
    }

    /** Progress: records replayed of the total, rate, ETA; status running, completed or failed. */
    @GetMapping("/{id}")
    @RequiresScope(Scopes.ANALYTICS_READ)
    RebuildResponse get(@PathVariable String id) {
        return rebuilds.get(id);
    }
}
