package org.touchpoint.analytics.dashboard;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.SupportFigures.SupportCase;
import org.touchpoint.kit.folding.Contribution;

/**
 * SLA compliance by support tier and priority: cases, open, resolved, breached, the share without any breach, and the
 * mean times to first response and to resolution (business minutes where the policy uses a calendar), from the case
 * touches. Kept in the aggregate {@value #NAME}.
 */
public record SlaDashboard(Row overall, List<Row> byTierAndPriority) {

    static final String NAME = "sla";
    private static final List<String> METRICS = List.of("cases", "open", "resolved", "breached", "frSum", "frN", "resSum", "resN");

    public record Row(String tier, String priority, long cases, long open, long resolved, long breached, Double compliance,
                      Double meanFirstResponseMinutes, Double meanResolutionMinutes) {
    }

    static void contribute(CustomerView v, Contribution c) {
        for (SupportCase k : v.support().cases) {
            String cell = (k.tier == null ? "none" : k.tier) + "|" + (k.priority == null ? "none" : k.priority);
            add(c, "cases", cell, 1);
            add(c, SupportCase.OPEN.equals(k.status) ? "open" : "resolved", cell, 1);
            add(c, "breached", cell, k.breachedTargets.isEmpty() ? 0 : 1);
            if (k.firstResponseMinutes != null) {
                add(c, "frSum", cell, k.firstResponseMinutes);
                add(c, "frN", cell, 1);
            }
            if (k.resolutionMinutes != null) {
                add(c, "resSum", cell, k.resolutionMinutes);
                add(c, "resN", cell, 1);
            }
        }
    }

    private static void add(Contribution c, String metric, String cell, long n) {
        c.add(NAME, metric + "|" + cell, n);
    }

    static SlaDashboard read(Map<String, Long> sums) {
        Map<String, long[]> cells = new TreeMap<>();
        long[] all = new long[METRICS.size()];
        for (Map.Entry<String, Long> e : sums.entrySet()) {
            String[] p = e.getKey().split("\\|", 2);
            int i = METRICS.indexOf(p[0]);
            if (i < 0) {
                continue;
            }
            cells.computeIfAbsent(p[1], k -> new long[METRICS.size()])[i] += e.getValue();
            all[i] += e.getValue();
        }
        return new SlaDashboard(row("all", "all", all), cells.entrySet().stream().map(e -> {
            String[] tierAndPriority = e.getKey().split("\\|", 2);
            return row(tierAndPriority[0], tierAndPriority[1], e.getValue());
        }).toList());
    }

    private static Row row(String tier, String priority, long[] m) {
        long cases = m[0];
        return new Row(tier, priority, cases, m[1], m[2], m[3], PipelineDashboard.rate(cases - m[3], cases),
                m[5] == 0 ? null : PipelineDashboard.round((double) m[4] / m[5]), m[7] == 0 ? null : PipelineDashboard.round((double) m[6] / m[7]));
    }
}
