package org.touchpoint.sales.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.sales.activity.Activity;
import org.touchpoint.sales.activity.Activities;
import org.touchpoint.sales.activity.Task;
import org.touchpoint.sales.opportunity.Opportunity;
import org.touchpoint.sales.opportunity.OpportunityResponse;
import org.touchpoint.sales.opportunity.OpportunityService;

/**
 * Everything a salesperson should know before visiting a customer, in one call, built only from what this service
 * holds: its copy of the profile, its own deals, activities and tasks, and what other teams' touches said (support
 * cases, SLA breaches, the last campaign message, satisfaction, past purchases).
 */
@RestController
class BriefingController {

    static final Duration RECENT_BREACHES = Duration.ofDays(90);
    private final SalesCustomerStore customers;
    private final OpportunityService opportunities;
    private final Activities activities;
    private final Clock clock;

    BriefingController(SalesCustomerStore customers, OpportunityService opportunities, Activities activities, Clock clock) {
        this.customers = customers;
        this.opportunities = opportunities;
        this.activities = activities;
        this.clock = clock;
    }

    record Satisfaction(Integer lastScore, String lastComment, Instant lastAt, Double average, int responses) {
    }

    record Briefing(String customerId, boolean profileKnown, SalesCustomer.Profile profile,
                    List<OpportunityResponse> openOpportunities, List<Activity.ActivityResponse> lastActivities,
                    List<Task.TaskResponse> openTasks, List<SalesCustomer.CaseInfo> openCases,
                    List<SalesCustomer.SlaBreach> recentSlaBreaches, SalesCustomer.CampaignMessage lastCampaign,
                    Satisfaction satisfaction, List<SalesCustomer.Purchase> pastPurchases, Instant generatedAt) {
    }

    @GetMapping("/api/customers/{id}/briefing")
    @RequiresScope(Scopes.ACTIVITIES_READ)
    Briefing briefing(@PathVariable String id) {
        Instant now = clock.instant();
        if (customers.erased(id)) {
            // Forgotten: what is left of its deals, activities and tasks is redacted figures, not a briefing.
            throw CrmApiException.notFound("customer", id);
        }
        SalesCustomer view = customers.find(id).orElse(null);
        List<OpportunityResponse> open = opportunities.openOf(id, 20).stream().map(Opportunity::toResponse).toList();
        List<Activity.ActivityResponse> last = activities.latestOf(id, 10);
        List<Task.TaskResponse> openTasks = activities.openTasksOf(id, 10);
        if (view == null && open.isEmpty() && last.isEmpty() && openTasks.isEmpty()) {
            throw CrmApiException.notFound("customer", id);
        }
        if (view == null) {
            view = new SalesCustomer(id);
        }
        List<SalesCustomer.Csat> csat = view.csat();
        Satisfaction satisfaction = csat.isEmpty() ? null : new Satisfaction(csat.getFirst().score(), csat.getFirst().comment(),
                csat.getFirst().at(), Math.round(csat.stream().mapToInt(SalesCustomer.Csat::score).average().orElse(0) * 10) / 10.0, csat.size());
        return new Briefing(id, view.profile() != null, view.profile(), open, last, openTasks,
                view.cases().stream().filter(SalesCustomer.CaseInfo::open).toList(),
                view.slaBreaches().stream().filter(b -> b.at().isAfter(now.minus(RECENT_BREACHES))).limit(5).toList(),
                view.lastCampaign(), satisfaction, view.purchases().stream().limit(10).toList(), now);
    }
}
