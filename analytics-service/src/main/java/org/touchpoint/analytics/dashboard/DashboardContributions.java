package org.touchpoint.analytics.dashboard;

import java.time.Duration;
import org.springframework.stereotype.Component;
import org.touchpoint.analytics.AnalyticsProperties;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.ViewContribution;
import org.touchpoint.kit.folding.Contribution;

/** What one customer's view adds to every dashboard: each dashboard says its part. */
@Component
class DashboardContributions implements ViewContribution {

    private final Duration attributionWindow;

    DashboardContributions(AnalyticsProperties properties) {
        this.attributionWindow = properties.attributionWindow();
    }

    @Override
    public Contribution of(CustomerView view) {
        Contribution c = new Contribution();
        PipelineDashboard.contribute(view, c);
        CampaignDashboard.contribute(view, c, attributionWindow);
        SlaDashboard.contribute(view, c);
        RfmModel.contribute(view, c);
        ParetoDashboard.contribute(view, c);
        ChurnDashboard.contribute(view, c);
        return c;
    }
}
