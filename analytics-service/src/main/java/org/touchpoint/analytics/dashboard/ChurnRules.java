package org.touchpoint.analytics.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.touchpoint.analytics.fold.CustomerView;

/**
 * Churn risk as explainable rules: each rule that fires adds points and says why, so a salesperson can act on it.
 * <ul>
 *   <li>recency: no interaction (non-system touch) for more than 60 days (20 points) or 90 days (35);</li>
 *   <li>falling engagement: interactions in the last 30 days at most half of the 30 days before (at least 2 then): 25;</li>
 *   <li>open urgent cases (priority urgent, critical or high): 20, plus 5 per further case, at most 30;</li>
 *   <li>low satisfaction: average CSAT at most 2.5, or the latest score at most 2: 25.</li>
 * </ul>
 * Score capped at 100; level high from 60, medium from 30, else low.
 */
public final class ChurnRules {

    private ChurnRules() {
    }

    public static ChurnRisk assess(CustomerView c, Instant now) {
        List<Factor> factors = new ArrayList<>();
        if (c.getLastTouchAt() != null) {
            long silent = Duration.between(c.getLastTouchAt(), now).toDays();
            if (silent > 90) {
                factors.add(new Factor("recency", 35, "no interaction for " + silent + " days"));
            } else if (silent > 60) {
                factors.add(new Factor("recency", 20, "no interaction for " + silent + " days"));
            }
        }
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        long recent = c.interactionsBetween(today.minusDays(30), today);
        long before = c.interactionsBetween(today.minusDays(60), today.minusDays(30));
        if (before >= 2 && recent * 2 <= before) {
            factors.add(new Factor("falling-engagement", 25,
                    recent + " interactions in the last 30 days against " + before + " in the 30 days before"));
        }
        long urgent = c.openCases().stream().filter(CustomerView.SupportCase::isUrgent).count();
        if (urgent > 0) {
            factors.add(new Factor("open-urgent-cases", (int) Math.min(30, 20 + 5 * (urgent - 1)), urgent + " open urgent case(s)"));
        }
        Double csat = c.averageCsat();
        if ((csat != null && csat <= 2.5) || (c.getLastCsat() != null && c.getLastCsat() <= 2)) {
            factors.add(new Factor("low-csat", 25, "average CSAT " + csat + ", latest " + c.getLastCsat()));
        }
        int score = Math.min(100, factors.stream().mapToInt(Factor::points).sum());
        return new ChurnRisk(score, score >= 60 ? "high" : score >= 30 ? "medium" : "low", factors);
    }

    public record ChurnRisk(int score, String level, List<Factor> factors) {
    }

    /** One rule that fired: its code, its points, and a human explanation. */
    public record Factor(String code, int points, String detail) {
    }
}
