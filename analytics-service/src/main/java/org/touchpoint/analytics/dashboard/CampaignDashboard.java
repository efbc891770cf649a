package org.touchpoint.analytics.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.MarketingFigures.CampaignStat;
import org.touchpoint.analytics.fold.Opportunity;
import org.touchpoint.events.Money;
import org.touchpoint.kit.folding.Contribution;

/**
 * Per campaign: the funnel (recipients, opens, clicks, responses, each as events and as unique customers), the deals
 * won it is credited with and their revenue, its cost when marketing states it, and the ROI. A won deal is credited to
 * the campaign sales names on it (the campaign of the lead it came from), else to the last campaign the customer
 * clicked or answered before the win, within the attribution window. Kept in the aggregate {@value #NAME}.
 *
 * @param costAvailable false while no touch carries a campaign's cost; ROI is then null and {@code note} says why
 */
public record CampaignDashboard(boolean costAvailable, String note, List<Row> campaigns) {

    static final String NAME = "campaigns";

    /** Rates are shares of recipients (unique customers); revenue is won deals attributed to the campaign. */
    public record Row(String campaignId, String name, long recipients, long sent, long opens, long uniqueOpens, long clicks,
                      long uniqueClicks, long responses, long responders, Double openRate, Double clickRate, Double responseRate,
                      long wonDeals, List<Money> revenue, List<Money> cost, Map<String, Double> roi) {
    }

    static void contribute(CustomerView v, Contribution c, Duration attributionWindow) {
        for (CampaignStat s : v.marketing().campaigns) {
            String id = s.campaignId;
            add(c, "sent", id, s.sent);
            add(c, "recipients", id, s.sent > 0 ? 1 : 0);
            add(c, "opens", id, s.opened);
            add(c, "openers", id, s.opened > 0 ? 1 : 0);
            add(c, "clicks", id, s.clicked);
            add(c, "clickers", id, s.clicked > 0 ? 1 : 0);
            add(c, "responses", id, s.responded);
            add(c, "responders", id, s.responded > 0 ? 1 : 0);
            add(c, "known", id, 1);
            s.cost.forEach(a -> c.add(NAME, "cost|" + a.getCurrency() + "|" + id, Units.of(a.value())));
            if (s.name != null) {
                c.add(NAME, "name|" + id + "|" + s.name, 1); // counted per customer that knows it: a name no one knows any more goes
            }
        }
        for (Opportunity o : v.deals().won()) {
            if (o.amount == null) {
                continue;
            }
            String campaign = v.deals().campaignOf(o);
            if (campaign == null) {
                campaign = lastEngaged(v, o, attributionWindow);
            }
            if (campaign != null) {
                add(c, "deals", campaign, 1);
                add(c, "known", campaign, 1);
                c.add(NAME, "rev|" + o.amount.getCurrency() + "|" + campaign, Units.of(o.amount.value()));
            }
        }
    }

    private static void add(Contribution c, String metric, String campaign, long n) {
        c.add(NAME, metric + "|" + campaign, n);
    }

    private static String lastEngaged(CustomerView v, Opportunity o, Duration window) {
        if (o.closedAt == null) {
            return null;
        }
        Instant from = o.closedAt.minus(window);
        return v.marketing().campaigns.stream()
                .filter(s -> s.lastEngagedAt != null && !s.lastEngagedAt.isAfter(o.closedAt) && !s.lastEngagedAt.isBefore(from))
                .max(Comparator.comparing((CampaignStat s) -> s.lastEngagedAt).thenComparing(s -> s.campaignId))
                .map(s -> s.campaignId).orElse(null);
    }

    static CampaignDashboard read(Map<String, Long> sums) {
        Map<String, Acc> rows = new TreeMap<>();
        for (Map.Entry<String, Long> e : sums.entrySet()) {
            String[] p = e.getKey().split("\\|", 2);
            long n = e.getValue();
            switch (p[0]) {
                case "rev", "cost" -> {
                    String[] curAndId = p[1].split("\\|", 2);
                    Acc a = rows.computeIfAbsent(curAndId[1], Acc::new);
                    (p[0].equals("rev") ? a.revenue : a.cost).merge(curAndId[0], n, Long::sum);
                }
                case "name" -> {
                    String[] idAndName = p[1].split("\\|", 2);
                    Acc a = rows.computeIfAbsent(idAndName[0], Acc::new);
                    if (a.name == null || n > a.nameCount) {
                        a.name = idAndName[1];
                        a.nameCount = n;
                    }
                }
                default -> rows.computeIfAbsent(p[1], Acc::new).metrics.merge(p[0], n, Long::sum);
            }
        }
        boolean anyCost = rows.values().stream().anyMatch(r -> !r.cost.isEmpty());
        List<Row> out = rows.values().stream().filter(a -> a.get("known") > 0).map(a -> {
            Map<String, Double> roi = new TreeMap<>();
            a.revenue.forEach((currency, revenue) -> {
                Long spent = a.cost.get(currency);
                if (spent != null && spent > 0) {
                    roi.put(currency, BigDecimal.valueOf(revenue - spent).divide(BigDecimal.valueOf(spent), 4, RoundingMode.HALF_EVEN).doubleValue());
                }
            });
            long recipients = a.get("recipients");
            return new Row(a.id, a.name, recipients, a.get("sent"), a.get("opens"), a.get("openers"), a.get("clicks"), a.get("clickers"),
                    a.get("responses"), a.get("responders"), PipelineDashboard.rate(a.get("openers"), recipients),
                    PipelineDashboard.rate(a.get("clickers"), recipients), PipelineDashboard.rate(a.get("responders"), recipients),
                    a.get("deals"), PipelineDashboard.money(a.revenue), a.cost.isEmpty() ? null : PipelineDashboard.money(a.cost),
                    roi.isEmpty() ? null : roi);
        }).toList();
        return new CampaignDashboard(anyCost, anyCost ? null
                : "campaign cost is not on the touch stream yet (message.sent carries no amount): revenue and funnel only", out);
    }

    private static final class Acc {
        final String id;
        String name;
        long nameCount;
        final Map<String, Long> metrics = new TreeMap<>();
        final Map<String, Long> revenue = new TreeMap<>();
        final Map<String, Long> cost = new TreeMap<>();

        Acc(String id) {
            this.id = id;
        }

        long get(String metric) {
            return metrics.getOrDefault(metric, 0L);
        }
    }
}
