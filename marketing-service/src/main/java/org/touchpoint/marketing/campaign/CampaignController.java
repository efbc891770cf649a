package org.touchpoint.marketing.campaign;

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

/** Campaigns: define, launch once, cancel, record costs, follow messages, measure the ROI. */
@RestController
@RequestMapping("/api/campaigns")
class CampaignController {

    private final CampaignService campaigns;
    private final IdempotentRequests idempotent;

    CampaignController(CampaignService campaigns, IdempotentRequests idempotent) {
        this.campaigns = campaigns;
        this.idempotent = idempotent;
    }

    @PostMapping
    @RequiresScope(Scopes.CAMPAIGNS_WRITE)
    ResponseEntity<CampaignResponse> create(@Valid @RequestBody CampaignRequest request,
                                            @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, CampaignResponse.class, () -> {
            Campaign c = campaigns.create(request);
            return ResponseEntity.created(URI.create("/api/campaigns/" + c.getId())).eTag(Etags.of(c.getVersion())).body(campaigns.view(c));
        });
    }

    @GetMapping
    @RequiresScope(Scopes.CAMPAIGNS_READ)
    Page<CampaignResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                                @RequestParam(required = false) String status) {
        return campaigns.list(limit, cursor, status);
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.CAMPAIGNS_READ)
    ResponseEntity<CampaignResponse> get(@PathVariable String id) {
        return ok(campaigns.get(id));
    }

    @PutMapping("/{id}")
    @RequiresScope(Scopes.CAMPAIGNS_WRITE)
    ResponseEntity<CampaignResponse> replace(@PathVariable String id, @Valid @RequestBody CampaignRequest request,
                                             @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return ok(campaigns.replace(id, request, ifMatch));
    }

    /** Launches the campaign: materialises its recipients once (409 the second time) and queues their messages. */
    @PostMapping("/{id}/launch")
    @RequiresScope(Scopes.CAMPAIGNS_WRITE)
    ResponseEntity<CampaignResponse> launch(@PathVariable String id, @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return ok(campaigns.launch(id, ifMatch));
    }

    @PostMapping("/{id}/cancel")
    @RequiresScope(Scopes.CAMPAIGNS_WRITE)
    ResponseEntity<CampaignResponse> cancel(@PathVariable String id, @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return ok(campaigns.cancel(id, ifMatch));
    }

    /** Records a cost actually incurred (printing, postage, an event, advertising). */
    @PostMapping("/{id}/costs")
    @RequiresScope(Scopes.CAMPAIGNS_WRITE)
    ResponseEntity<CampaignResponse> addCost(@PathVariable String id, @Valid @RequestBody CampaignRequest.CostRequest request,
                                             @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        return ok(campaigns.addCost(id, request, ifMatch));
    }

    @GetMapping("/{id}/messages")
    @RequiresScope(Scopes.CAMPAIGNS_READ)
    Page<CampaignResponse.MessageView> messages(@PathVariable String id, @RequestParam(required = false) Integer limit,
                                                @RequestParam(required = false) String cursor, @RequestParam(required = false) String status) {
        return campaigns.messages(id, limit, cursor, status);
    }

    /** Cost, attributed revenue, ROI and funnel; {@code model} first-touch, last-touch (default) or linear; {@code window} default P30D. */
    @GetMapping("/{id}/roi")
    @RequiresScope(Scopes.CAMPAIGNS_READ)
    CampaignResponse.Roi roi(@PathVariable String id, @RequestParam(required = false) String model,
                             @RequestParam(required = false) String window) {
        return campaigns.roi(id, model, window);
    }

    private ResponseEntity<CampaignResponse> ok(Campaign c) {
        return ResponseEntity.ok().eTag(Etags.of(c.getVersion())).body(campaigns.view(c));
    }
}
