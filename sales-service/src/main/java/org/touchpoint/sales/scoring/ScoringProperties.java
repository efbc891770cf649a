package org.touchpoint.sales.scoring;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code crm.sales.scoring.*}: the scoring rules a fresh installation starts with (then viewable and replaceable at
 * {@code /api/scoring-rules}).
 *
 * @param mqlThreshold score from which a lead is marketing-qualified
 * @param sqlThreshold score from which a lead is sales-qualified
 */
@ConfigurationProperties("crm.sales.scoring")
public record ScoringProperties(int mqlThreshold, int sqlThreshold, List<FitRule> fit, List<EngagementRule> engagement) {

    public ScoringProperties {
        fit = fit == null ? List.of() : List.copyOf(fit);
        engagement = engagement == null ? List.of() : List.copyOf(engagement);
    }
}
