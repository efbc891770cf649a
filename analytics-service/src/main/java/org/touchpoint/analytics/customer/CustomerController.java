package org.touchpoint.analytics.customer;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.Page;

/** The 360° view of a customer and its timeline, folded from every service's touches. */
@RestController
@RequestMapping("/api/customers/{id}")
@RequiresScope(Scopes.ANALYTICS_READ)
class CustomerController {

    private final CustomerReads views;

    CustomerController(CustomerReads views) {
        this.views = views;
    }

    @GetMapping("/360")
    @Operation(summary = "The customer's whole relationship: profile, revenue, pipeline, support, marketing, touches, RFM, churn risk")
    Customer360 view(@PathVariable String id) {
        return views.view360(id);
    }

    /**
     * Every touch, newest first. {@code kinds} and {@code channels} are comma-separated lists; {@code before} an
     * ISO-8601 time (touches strictly before it).
     */
    @GetMapping("/timeline")
    @Operation(summary = "Every touch of the customer, newest first, cursor-paged, filterable by kinds, channels and time")
    Page<TimelineItem> timeline(@PathVariable String id, @RequestParam(required = false) String kinds,
                                @RequestParam(required = false) String channels, @RequestParam(required = false) String before,
                                @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return views.timeline(id, kinds, channels, before, limit, cursor);
    }
}
