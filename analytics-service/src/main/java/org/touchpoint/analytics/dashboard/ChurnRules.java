package org.touchpoint.analytics.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.SupportFigures.SupportCase;

/**
 * Churn risk as explainable rules, on UTC days: each rule that fires adds points and says why, so a salesperson can act.
 * <ul>
 *   <li>recency: no interaction (non-system touch) for more than 60 days (20 points) or 90 days (35);</li>
 *   <li>falling engagement: interactions in the last 30 days (today included) at most half of the 30 days before (at
 *   least 2 then): 25;</li>
 *   <li>open urgent cases (priority urgent, critical or high): 20, plus 5 per further case, at most 30;</li>
 *   <li>low satisfaction: average CSAT at most 2.5, or the latest score at most 2: 25.</li>
 * </ul>
 * Score capped at 100; level high from 60, medium from 30, else low. Cases and satisfaction change only with touches
 * ("static" points); recency and engagement also change with the days, which the dashboard accounts for exactly (see
 * {@link ChurnDashboard}).
 */
public final class ChurnRules {

    static final int RECENT_WINDOW = 30;

    private ChurnRules() {
    }

    public static ChurnRisk assess(CustomerView c, Instant now) {
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        List<Factor> factors = new ArrayList<>();
        LocalDate last = c.touches().lastDay();
        if (last != null) {
            long silent = today.toEpochDay() - last.toEpochDay();
            int points = recencyPoints(silent);
            if (points > 0) {
                factors.add(new Factor("recency", points, "no interaction for " + silent + " days"));
            }
        }
        long recent = c.interactionsBetween(today.minusDays(RECENT_WINDOW - 1L), today.plusDays(1));
        long before = c.interactionsBetween(today.minusDays(2L * RECENT_WINDOW - 1), today.minusDays(RECENT_WINDOW - 1L));
        if (falling(recent, before)) {
            factors.add(new Factor("falling-engagement", 25,
                    recent + " interactions in the last 30 days against " + before + " in the 30 days before"));
        }
        long urgent = urgentCases(c);
        if (urgent > 0) {
            factors.add(new Factor("open-urgent-cases", urgentPoints(urgent), urgent + " open urgent case(s)"));
        }
        if (lowCsat(c)) {
            factors.add(new Factor("low-csat", 25, "average CSAT " + c.averageCsat() + ", latest " + c.support().lastCsat));
        }
        int score = Math.min(100, factors.stream().mapToInt(Factor::points).sum());
        return new ChurnRisk(score, level(score), factors);
    }

    static int recencyPoints(long silentDays) {
        return silentDays > 90 ? 35 : silentDays > 60 ? 20 : 0;
    }

    static boolean falling(long recent, long before) {
        return before >= 2 && recent * 2 <= before;
    }

    static long urgentCases(CustomerView c) {
        return c.openCases().stream().filter(SupportCase::isUrgent).count();
    }

    static int urgentPoints(long urgent) {
        return urgent == 0 ? 0 : (int) Math.min(30, 20 + 5 * (urgent - 1));
    }

    static boolean lowCsat(CustomerView c) {
        Double csat = c.averageCsat();
        return (csat != null && csat <= 2.5) || (c.support().lastCsat != null && c.support().lastCsat <= 2);
    }

    /** The points that change only with touches: open urgent cases and low satisfaction. */
    static int staticPoints(CustomerView c) {
        return urgentPoints(urgentCases(c)) + (lowCsat(c) ? 25 : 0);
    }

    static String level(int score) {
        return score >= 60 ? "high" : score >= 30 ? "medium" : "low";
    }

    public record ChurnRisk(int score, String level, List<Factor> factors) {
    }

    /** One rule that fired: its code, its points, and a human explanation. */
    public record Factor(String code, int points, String detail) {
    }
}
