package org.touchpoint.marketing.recommend;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.marketing.customer.CustomerView;
import org.touchpoint.marketing.customer.CustomerViews;

/** The next best offers for one customer, each with its reason. */
@RestController
class RecommendationController {

    private final CustomerViews customers;
    private final Recommender recommender;

    RecommendationController(CustomerViews customers, Recommender recommender) {
        this.customers = customers;
        this.recommender = recommender;
    }

    record Recommendations(String customerId, List<Recommendation> items) {
    }

    @GetMapping("/api/customers/{id}/recommendations")
    @RequiresScope(Scopes.CAMPAIGNS_READ)
    Recommendations recommendations(@PathVariable String id) {
        CustomerView c = customers.find(id).filter(CustomerView::known)
                .orElseThrow(() -> CrmApiException.notFound("customer", id));
        return new Recommendations(id, recommender.recommend(c));
    }
}
