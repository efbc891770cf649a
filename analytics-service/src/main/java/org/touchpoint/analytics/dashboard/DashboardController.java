package org.touchpoint.analytics.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.Page;

/** Management dashboards as JSON (the console charts them), each read from aggregates kept as touches arrive. */
@RestController
@RequestMapping("/api/analytics")
@RequiresScope(Scopes.ANALYTICS_READ)
class DashboardController {

    static final int MAX_DAYS = 366;

    private final Dashboards dashboards;
    private final Clock clock;

    DashboardController(Dashboards dashboards, Clock clock) {
        this.dashboards = dashboards;
        this.clock = clock;
    }

    /** Forecast by month of expected close and stage, win rate, sales cycle, closed deals by month. */
    @GetMapping("/pipeline")
    PipelineDashboard pipeline() {
        return dashboards.pipeline();
    }

    /** Funnel, attributed revenue, cost and ROI per campaign. */
    @GetMapping("/campaigns")
    CampaignDashboard campaigns() {
        return dashboards.campaigns();
    }

    /** SLA compliance by tier and priority; mean time to first response and to resolution. */
    @GetMapping("/sla")
    SlaDashboard sla() {
        return dashboards.sla();
    }

    /** Touches per day and channel between {@code from} and {@code to} (dates, inclusive; default the last 30 days). */
    @GetMapping("/touches")
    TouchTrend touches(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        LocalDate end = to == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : date("to", to);
        LocalDate start = from == null ? end.minusDays(29) : date("from", from);
        if (start.isAfter(end)) {
            throw CrmApiException.badRequest("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw CrmApiException.badRequest("from", "the range is at most " + MAX_DAYS + " days");
        }
        return dashboards.touches(start, end);
    }

    /** RFM segments over all customers, and the scored customers (optionally of one segment). */
    @GetMapping("/rfm")
    RfmDashboard rfm(@RequestParam(required = false) String segment, @RequestParam(required = false) Integer limit) {
        if (segment != null && !RfmDashboard.SEGMENTS.contains(segment)) {
            throw CrmApiException.badRequest("segment", "must be one of " + RfmDashboard.SEGMENTS);
        }
        return dashboards.rfm(segment, Page.checkLimit(limit));
    }

    /** The share of revenue from the top customers ({@code top}, default 0.2), per currency, and who they are. */
    @GetMapping("/pareto")
    ParetoDashboard pareto(@RequestParam(required = false) Double top, @RequestParam(required = false) Integer limit) {
        double share = top == null ? 0.2 : top;
        if (!(share > 0 && share <= 1)) {
            throw CrmApiException.badRequest("top", "must be a fraction in (0, 1]");
        }
        return dashboards.pareto(share, Page.checkLimit(limit));
    }

    /** Customers at risk of leaving, riskiest first, with the rules that fired. */
    @GetMapping("/churn")
    ChurnDashboard churn(@RequestParam(required = false) String minLevel, @RequestParam(required = false) Integer limit) {
        String level = minLevel == null ? "medium" : minLevel;
        if (!level.equals("low") && !level.equals("medium") && !level.equals("high")) {
            throw CrmApiException.badRequest("minLevel", "must be low, medium or high");
        }
        return dashboards.churn(level, Page.checkLimit(limit));
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw CrmApiException.badRequest(field, "must be a date YYYY-MM-DD");
        }
    }
}
