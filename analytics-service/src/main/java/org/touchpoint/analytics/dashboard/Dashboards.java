package org.touchpoint.analytics.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Service;
import org.touchpoint.analytics.AnalyticsProperties;
import org.touchpoint.analytics.fold.Amount;
import org.touchpoint.analytics.fold.Amounts;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.Generations;
import org.touchpoint.analytics.fold.ViewStore;
import org.touchpoint.events.Money;

/**
 * The management figures, computed on read from the folded customers of the active generation (one streamed pass
 * per request, memory bounded by small per-customer tuples) and, for the daily trend, an aggregation over the
 * timeline restricted to the requested days.
 */
@Service
class Dashboards {

    static final List<String> SEGMENTS = List.of("champions", "loyal", "promising", "needs-attention", "at-risk", "hibernating", "prospect");

    private final Generations generations;
    private final ViewStore store;
    private final RfmScores rfmScores;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration attributionWindow;

    Dashboards(Generations generations, ViewStore store, RfmScores rfmScores, MongoTemplate mongo, Clock clock, AnalyticsProperties properties) {
        this.generations = generations;
        this.store = store;
        this.rfmScores = rfmScores;
        this.mongo = mongo;
        this.clock = clock;
        this.attributionWindow = properties.attributionWindow();
    }

    private void eachCustomer(int generation, Consumer<CustomerView> action) {
        try (var customers = store.allCustomers(generation)) {
            customers.forEach(action);
        }
    }

    // ------------------------------------------------------------------ pipeline

    PipelineDashboard pipeline() {
        Map<String, Map<String, ForecastCell>> forecast = new TreeMap<>();
        Map<String, ClosedMonth> closed = new TreeMap<>();
        long[] wonLost = new long[2];
        List<Integer> cycles = new ArrayList<>();
        List<Amount> openAmount = new ArrayList<>();
        List<Amount> openWeighted = new ArrayList<>();
        long[] openCount = new long[1];
        eachCustomer(generations.current().active(), c -> {
            for (CustomerView.Opportunity o : c.getOpportunities()) {
                if (CustomerView.Opportunity.OPEN.equals(o.status)) {
                    openCount[0]++;
                    String month = o.expectedCloseDate == null ? "unscheduled" : o.expectedCloseDate.substring(0, 7);
                    String stage = o.stage == null ? "unknown" : o.stage;
                    ForecastCell cell = forecast.computeIfAbsent(month, m -> new TreeMap<>()).computeIfAbsent(stage, s -> new ForecastCell());
                    cell.count++;
                    if (o.amount != null) {
                        BigDecimal w = weighted(o);
                        Amounts.add(cell.amount, o.amount.value(), o.amount.getCurrency());
                        Amounts.add(cell.weighted, w, o.amount.getCurrency());
                        Amounts.add(openAmount, o.amount.value(), o.amount.getCurrency());
                        Amounts.add(openWeighted, w, o.amount.getCurrency());
                    }
                } else if (o.isClosed()) {
                    String month = o.closedAt == null ? "unknown" : o.closedAt.toString().substring(0, 7);
                    ClosedMonth m = closed.computeIfAbsent(month, k -> new ClosedMonth());
                    if (o.isWon()) {
                        wonLost[0]++;
                        m.won++;
                        if (o.amount != null) {
                            Amounts.add(m.wonAmount, o.amount.value(), o.amount.getCurrency());
                        }
                        if (o.cycle() != null) {
                            cycles.add(o.cycle());
                        }
                    } else {
                        wonLost[1]++;
                        m.lost++;
                    }
                }
            }
        });
        List<PipelineDashboard.ForecastRow> rows = new ArrayList<>();
        forecast.forEach((month, stages) -> stages.forEach((stage, cell) -> rows.add(new PipelineDashboard.ForecastRow(month, stage,
                cell.count, Amounts.toMoney(cell.amount), Amounts.toMoney(cell.weighted)))));
        List<PipelineDashboard.ClosedRow> closedRows = new ArrayList<>();
        closed.forEach((month, m) -> closedRows.add(new PipelineDashboard.ClosedRow(month, m.won, m.lost, rate(m.won, m.won + m.lost),
                Amounts.toMoney(m.wonAmount))));
        cycles.sort(Comparator.naturalOrder());
        PipelineDashboard.Cycle cycle = new PipelineDashboard.Cycle(cycles.size(),
                cycles.isEmpty() ? null : round(cycles.stream().mapToInt(Integer::intValue).average().orElse(0)),
                cycles.isEmpty() ? null : (double) cycles.get((cycles.size() - 1) / 2));
        return new PipelineDashboard(openCount[0], Amounts.toMoney(openAmount), Amounts.toMoney(openWeighted), rows,
                new PipelineDashboard.WinRate(wonLost[0], wonLost[1], rate(wonLost[0], wonLost[0] + wonLost[1])), cycle, closedRows);
    }

    private static BigDecimal weighted(CustomerView.Opportunity o) {
        int p = o.probability == null ? 0 : o.probability;
        return o.amount.value().multiply(BigDecimal.valueOf(p)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_EVEN);
    }

    private static final class ForecastCell {
        long count;
        final List<Amount> amount = new ArrayList<>();
        final List<Amount> weighted = new ArrayList<>();
    }

    private static final class ClosedMonth {
        long won;
        long lost;
        final List<Amount> wonAmount = new ArrayList<>();
    }

    public record PipelineDashboard(long openDeals, List<Money> openAmount, List<Money> weightedAmount, List<ForecastRow> forecast,
                                    WinRate winRate, Cycle cycle, List<ClosedRow> closedByMonth) {
        /** One month (of expected close) and stage: deals, amount and probability-weighted amount. */
        public record ForecastRow(String month, String stage, long deals, List<Money> amount, List<Money> weighted) {
        }

        public record WinRate(long won, long lost, Double rate) {
        }

        /** Sales cycle in days (creation to win) over won deals. */
        public record Cycle(int deals, Double averageDays, Double medianDays) {
        }

        public record ClosedRow(String month, long won, long lost, Double winRate, List<Money> wonAmount) {
        }
    }

    // ------------------------------------------------------------------ campaigns

    CampaignDashboard campaigns() {
        Map<String, CampaignRow> rows = new TreeMap<>();
        // Leads may live on another "customer" (a web-form lead is keyed by its lead id): collect them all first.
        Map<String, String> campaignOfLead = new HashMap<>();
        List<WonDeal> won = new ArrayList<>();
        eachCustomer(generations.current().active(), c -> {
            for (CustomerView.CampaignStat s : c.getCampaigns()) {
                CampaignRow r = rows.computeIfAbsent(s.campaignId, CampaignRow::new);
                r.name = r.name == null ? s.name : r.name;
                r.sent += s.sent;
                r.recipients += s.sent > 0 ? 1 : 0;
                r.opens += s.opened;
                r.openers += s.opened > 0 ? 1 : 0;
                r.clicks += s.clicked;
                r.clickers += s.clicked > 0 ? 1 : 0;
                r.responses += s.responded;
                r.responders += s.responded > 0 ? 1 : 0;
                s.cost.forEach(a -> Amounts.add(r.cost, a.value(), a.getCurrency()));
            }
            for (CustomerView.Lead l : c.getLeads()) {
                if (l.campaignId != null) {
                    campaignOfLead.putIfAbsent(l.leadId, l.campaignId);
                }
            }
            for (CustomerView.Opportunity o : c.getOpportunities()) {
                if (o.isWon() && o.amount != null) {
                    won.add(new WonDeal(o.leadId, leadOf(c, o), lastEngagedCampaign(c, o), o.amount));
                }
            }
        });
        for (WonDeal deal : won) {
            String campaign = deal.leadId() == null ? null : campaignOfLead.get(deal.leadId());
            if (campaign == null && deal.convertedFrom() != null) {
                campaign = campaignOfLead.get(deal.convertedFrom());
            }
            if (campaign == null) {
                campaign = deal.lastEngaged();
            }
            if (campaign != null) {
                CampaignRow r = rows.computeIfAbsent(campaign, CampaignRow::new);
                r.deals++;
                Amounts.add(r.revenue, deal.amount().value(), deal.amount().getCurrency());
            }
        }
        boolean anyCost = rows.values().stream().anyMatch(r -> !r.cost.isEmpty());
        List<CampaignDashboard.Row> out = rows.values().stream().map(r -> {
            Map<String, BigDecimal> cost = perCurrency(r.cost);
            Map<String, Double> roi = new TreeMap<>();
            for (Amount rev : r.revenue) {
                BigDecimal spent = cost.get(rev.getCurrency());
                if (spent != null && spent.signum() > 0) {
                    roi.put(rev.getCurrency(), rev.value().subtract(spent).divide(spent, 4, RoundingMode.HALF_EVEN).doubleValue());
                }
            }
            return new CampaignDashboard.Row(r.id, r.name, r.recipients, r.sent, r.opens, r.openers, r.clicks, r.clickers, r.responses,
                    r.responders, rate(r.openers, r.recipients), rate(r.clickers, r.recipients), rate(r.responders, r.recipients),
                    r.deals, Amounts.toMoney(r.revenue), r.cost.isEmpty() ? null : Amounts.toMoney(r.cost), roi.isEmpty() ? null : roi);
        }).toList();
        return new CampaignDashboard(anyCost, anyCost ? null
                : "campaign cost is not on the touch stream yet (message.sent carries no amount): revenue and funnel only", out);
    }

    /**
     * A won deal and the candidates for its campaign, in order: the campaign of its lead ({@code refs.leadId} on the
     * opportunity, or the lead whose {@code lead.converted} named it), else the last campaign the customer clicked or
     * answered before the win, within the attribution window.
     */
    private record WonDeal(String leadId, String convertedFrom, String lastEngaged, Amount amount) {
    }

    private static String leadOf(CustomerView c, CustomerView.Opportunity o) {
        for (CustomerView.Lead l : c.getLeads()) {
            if (o.opportunityId.equals(l.opportunityId)) {
                return l.leadId;
            }
        }
        return null;
    }

    private String lastEngagedCampaign(CustomerView c, CustomerView.Opportunity o) {
        if (o.closedAt == null) {
            return null;
        }
        Instant from = o.closedAt.minus(attributionWindow);
        return c.getCampaigns().stream()
                .filter(s -> s.lastEngagedAt != null && !s.lastEngagedAt.isAfter(o.closedAt) && !s.lastEngagedAt.isBefore(from))
                .max(Comparator.comparing((CustomerView.CampaignStat s) -> s.lastEngagedAt).thenComparing(s -> s.campaignId))
                .map(s -> s.campaignId).orElse(null);
    }

    private static final class CampaignRow {
        final String id;
        String name;
        long recipients;
        long sent;
        long opens;
        long openers;
        long clicks;
        long clickers;
        long responses;
        long responders;
        long deals;
        final List<Amount> revenue = new ArrayList<>();
        final List<Amount> cost = new ArrayList<>();

        CampaignRow(String id) {
            this.id = id;
        }
    }

    /**
     * @param costAvailable false while no touch carries a campaign's cost; ROI is then null and {@code note} says why
     */
    public record CampaignDashboard(boolean costAvailable, String note, List<Row> campaigns) {
        /** Rates are shares of recipients (unique customers); revenue is won deals attributed to the campaign. */
        public record Row(String campaignId, String name, long recipients, long sent, long opens, long uniqueOpens, long clicks,
                          long uniqueClicks, long responses, long responders, Double openRate, Double clickRate, Double responseRate,
                          long wonDeals, List<Money> revenue, List<Money> cost, Map<String, Double> roi) {
        }
    }

    // ------------------------------------------------------------------ SLA

    SlaDashboard sla() {
        Map<String, SlaCell> cells = new TreeMap<>();
        SlaCell all = new SlaCell("all", "all");
        eachCustomer(generations.current().active(), c -> {
            for (CustomerView.SupportCase k : c.getCases()) {
                String tier = k.tier == null ? "none" : k.tier;
                String priority = k.priority == null ? "none" : k.priority;
                SlaCell cell = cells.computeIfAbsent(tier + "\u0000" + priority, x -> new SlaCell(tier, priority));
                cell.add(k);
                all.add(k);
            }
        });
        return new SlaDashboard(all.row(), cells.values().stream().map(SlaCell::row).toList());
    }

    private static final class SlaCell {
        final String tier;
        final String priority;
        long cases;
        long open;
        long resolved;
        long breached;
        long firstResponseSum;
        long firstResponseCount;
        long resolutionSum;
        long resolutionCount;

        SlaCell(String tier, String priority) {
            this.tier = tier;
            this.priority = priority;
        }

        void add(CustomerView.SupportCase k) {
            cases++;
            if (CustomerView.SupportCase.OPEN.equals(k.status)) {
                open++;
            } else {
                resolved++;
            }
            if (!k.breachedTargets.isEmpty()) {
                breached++;
            }
            if (k.firstResponseMinutes != null) {
                firstResponseSum += k.firstResponseMinutes;
                firstResponseCount++;
            }
            if (k.resolutionMinutes != null) {
                resolutionSum += k.resolutionMinutes;
                resolutionCount++;
            }
        }

        SlaDashboard.Row row() {
            return new SlaDashboard.Row(tier, priority, cases, open, resolved, breached, rate(cases - breached, cases),
                    firstResponseCount == 0 ? null : round((double) firstResponseSum / firstResponseCount),
                    resolutionCount == 0 ? null : round((double) resolutionSum / resolutionCount));
        }
    }

    /** Compliance = share of cases without any SLA breach; means from case.resolved (business minutes where a calendar applies). */
    public record SlaDashboard(Row overall, List<Row> byTierAndPriority) {
        public record Row(String tier, String priority, long cases, long open, long resolved, long breached, Double compliance,
                          Double meanFirstResponseMinutes, Double meanResolutionMinutes) {
        }
    }

    // ------------------------------------------------------------------ touches per day

    TouchTrend touches(LocalDate from, LocalDate to) {
        int generation = generations.current().active();
        Aggregation aggregation = Aggregation.newAggregation(
                Aggregation.match(Criteria.where("day").gte(from.toString()).lte(to.toString())),
                Aggregation.group("day", "channel").count().as("count"));
        Map<String, Map<String, Long>> byDay = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            byDay.put(d.toString(), new TreeMap<>());
        }
        Map<String, Long> totals = new TreeMap<>();
        for (Document row : mongo.aggregate(aggregation, ViewStore.timeline(generation), Document.class).getMappedResults()) {
            Document id = row.get("_id", Document.class);
            String day = id == null ? row.getString("day") : id.getString("day");
            String channel = id == null ? row.getString("channel") : id.getString("channel");
            long count = ((Number) row.get("count")).longValue();
            if (day == null || channel == null || !byDay.containsKey(day)) {
                continue;
            }
            byDay.get(day).merge(channel, count, Long::sum);
            totals.merge(channel, count, Long::sum);
        }
        List<TouchTrend.Day> days = new ArrayList<>();
        byDay.forEach((day, channels) -> days.add(new TouchTrend.Day(day, channels.values().stream().mapToLong(Long::longValue).sum(), channels)));
        return new TouchTrend(from.toString(), to.toString(), totals, days);
    }

    public record TouchTrend(String from, String to, Map<String, Long> totalsByChannel, List<Day> days) {
        public record Day(String day, long total, Map<String, Long> channels) {
        }
    }

    // ------------------------------------------------------------------ RFM, Pareto, churn

    RfmDashboard rfm(String segment, int limit) {
        int generation = generations.current().active();
        RfmModel model = rfmScores.fresh(generation);
        Instant now = clock.instant();
        Map<String, Long> counts = new LinkedHashMap<>();
        SEGMENTS.forEach(s -> counts.put(s, 0L));
        List<RfmDashboard.Customer> listed = new ArrayList<>();
        eachCustomer(generation, c -> {
            RfmModel.Rfm r = model.score(c, now);
            counts.merge(r.segment(), 1L, Long::sum);
            if (r.recency() != null && (segment == null || segment.equals(r.segment()))) {
                listed.add(new RfmDashboard.Customer(c.getId(), c.displayName(), r.recency(), r.frequency(), r.monetary(),
                        r.segment(), r.daysSinceLastPurchase(), r.wins(), Amounts.toMoney(c.lifetimeValue())));
            }
        });
        listed.sort(Comparator.comparingInt((RfmDashboard.Customer c) -> -(c.recency() + c.frequency() + c.monetary()))
                .thenComparing(RfmDashboard.Customer::customerId));
        return new RfmDashboard(model.buyers(), counts, listed.size() > limit ? listed.subList(0, limit) : listed);
    }

    public record RfmDashboard(int buyers, Map<String, Long> segments, List<Customer> customers) {
        public record Customer(String customerId, String displayName, int recency, int frequency, int monetary, String segment,
                               Long daysSinceLastPurchase, long wins, List<Money> lifetimeValue) {
        }
    }

    ParetoDashboard pareto(double topShare, int limit) {
        Map<String, List<ParetoDashboard.Customer>> byCurrency = new TreeMap<>();
        eachCustomer(generations.current().active(), c -> {
            for (Amount a : c.lifetimeValue()) {
                if (a.value().signum() > 0) {
                    byCurrency.computeIfAbsent(a.getCurrency(), k -> new ArrayList<>())
                            .add(new ParetoDashboard.Customer(c.getId(), c.displayName(), new Money(a.getAmount(), a.getCurrency()), null));
                }
            }
        });
        List<ParetoDashboard.Currency> out = new ArrayList<>();
        byCurrency.forEach((currency, customers) -> {
            customers.sort(Comparator.comparing((ParetoDashboard.Customer c) -> c.revenue().value()).reversed()
                    .thenComparing(ParetoDashboard.Customer::customerId));
            BigDecimal total = customers.stream().map(c -> c.revenue().value()).reduce(BigDecimal.ZERO, BigDecimal::add);
            int top = (int) Math.max(1, Math.ceil(customers.size() * topShare));
            BigDecimal topRevenue = customers.subList(0, top).stream().map(c -> c.revenue().value()).reduce(BigDecimal.ZERO, BigDecimal::add);
            List<ParetoDashboard.Customer> listed = customers.subList(0, Math.min(top, limit)).stream()
                    .map(c -> new ParetoDashboard.Customer(c.customerId(), c.displayName(), c.revenue(),
                            c.revenue().value().divide(total, 4, RoundingMode.HALF_EVEN).doubleValue()))
                    .toList();
            out.add(new ParetoDashboard.Currency(currency, customers.size(), top, Money.of(total, currency), Money.of(topRevenue, currency),
                    topRevenue.divide(total, 4, RoundingMode.HALF_EVEN).doubleValue(), listed));
        });
        return new ParetoDashboard(topShare, out);
    }

    /** Per currency (never converted): the top {@code topShare} of paying customers and the share of revenue they bring. */
    public record ParetoDashboard(double topShare, List<Currency> currencies) {
        public record Currency(String currency, int customers, int topCustomers, Money totalRevenue, Money topRevenue,
                               double topRevenueShare, List<Customer> top) {
        }

        public record Customer(String customerId, String displayName, Money revenue, Double share) {
        }
    }

    ChurnDashboard churn(String minLevel, int limit) {
        int threshold = switch (minLevel) {
            case "high" -> 60;
            case "medium" -> 30;
            default -> 0;
        };
        Instant now = clock.instant();
        List<ChurnDashboard.Customer> atRisk = new ArrayList<>();
        Map<String, Long> levels = new LinkedHashMap<>();
        levels.put("high", 0L);
        levels.put("medium", 0L);
        levels.put("low", 0L);
        eachCustomer(generations.current().active(), c -> {
            if (!isCustomer(c)) {
                return; // leads and prospects cannot churn: they never bought
            }
            ChurnRules.ChurnRisk risk = ChurnRules.assess(c, now);
            levels.merge(risk.level(), 1L, Long::sum);
            if (risk.score() >= threshold && risk.score() > 0) {
                atRisk.add(new ChurnDashboard.Customer(c.getId(), c.displayName(), risk.score(), risk.level(), risk.factors(),
                        Amounts.toMoney(c.lifetimeValue()), c.getLastTouchAt()));
            }
        });
        atRisk.sort(Comparator.comparingInt((ChurnDashboard.Customer c) -> -c.score()).thenComparing(ChurnDashboard.Customer::customerId));
        return new ChurnDashboard(minLevel, atRisk.size(), levels, atRisk.size() > limit ? atRisk.subList(0, limit) : atRisk);
    }

    /** Over customers (a won deal, or lifecycle stage {@code customer}); leads and prospects are not listed. */
    public record ChurnDashboard(String minLevel, int matching, Map<String, Long> levels, List<Customer> customers) {
        public record Customer(String customerId, String displayName, int score, String level, List<ChurnRules.Factor> factors,
                               List<Money> lifetimeValue, Instant lastInteractionAt) {
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Someone who bought, or whom the profile calls a customer. */
    static boolean isCustomer(CustomerView c) {
        return c.wins() > 0 || (c.getProfile() != null && "customer".equalsIgnoreCase(c.getProfile().lifecycleStage));
    }

    private static Map<String, BigDecimal> perCurrency(List<Amount> amounts) {
        Map<String, BigDecimal> m = new HashMap<>();
        amounts.forEach(a -> m.merge(a.getCurrency(), a.value(), BigDecimal::add));
        return m;
    }

    static Double rate(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10000.0 / whole) / 10000.0;
    }

    static Double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
