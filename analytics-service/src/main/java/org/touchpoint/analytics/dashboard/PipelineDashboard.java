package org.touchpoint.analytics.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.Opportunity;
import org.touchpoint.events.Money;
import org.touchpoint.kit.folding.Contribution;

/**
 * The pipeline: open deals by month of expected close and stage (count, amount, probability-weighted amount), win
 * rate, sales cycle, closed deals by month. Kept in the aggregate {@value #NAME}: exact sums, read in constant time.
 *
 * @param forecast per month (of expected close) and stage
 * @param cycle    sales cycle in days (creation to win) over won deals, the median from the exact histogram of days
 */
public record PipelineDashboard(long openDeals, List<Money> openAmount, List<Money> weightedAmount, List<ForecastRow> forecast,
                                WinRate winRate, Cycle cycle, List<ClosedRow> closedByMonth) {

    static final String NAME = "pipeline";
    static final int MAX_CYCLE_DAYS = 3650;

    public record ForecastRow(String month, String stage, long deals, List<Money> amount, List<Money> weighted) {
    }

    public record WinRate(long won, long lost, Double rate) {
    }

    public record Cycle(long deals, Double averageDays, Double medianDays) {
    }

    public record ClosedRow(String month, long won, long lost, Double winRate, List<Money> wonAmount) {
    }

    static void contribute(CustomerView v, Contribution c) {
        for (Opportunity o : v.deals().getOpportunities()) {
            if (Opportunity.OPEN.equals(o.status)) {
                String month = o.expectedCloseDate == null ? "unscheduled" : o.expectedCloseDate.substring(0, 7);
                String stage = o.stage == null ? "unknown" : o.stage;
                c.add(NAME, "o|" + month + "|n|" + stage, 1);
                if (o.amount != null) {
                    String cur = o.amount.getCurrency();
                    c.add(NAME, "o|" + month + "|a|" + cur + "|" + stage, Units.of(o.amount.value()));
                    c.add(NAME, "o|" + month + "|w|" + cur + "|" + stage, Units.of(weighted(o)));
                }
            } else if (o.isClosed()) {
                String month = o.closedAt == null ? "unknown" : o.closedAt.toString().substring(0, 7);
                c.add(NAME, "c|" + month + (o.isWon() ? "|won" : "|lost"), 1);
                if (o.isWon()) {
                    if (o.amount != null) {
                        c.add(NAME, "c|" + month + "|a|" + o.amount.getCurrency(), Units.of(o.amount.value()));
                    }
                    Integer cycle = o.cycle();
                    if (cycle != null) {
                        c.add(NAME, "y|" + Math.max(0, Math.min(MAX_CYCLE_DAYS, cycle)), 1);
                    }
                }
            }
        }
    }

    private static BigDecimal weighted(Opportunity o) {
        int p = o.probability == null ? 0 : o.probability;
        return o.amount.value().multiply(BigDecimal.valueOf(p)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_EVEN);
    }

    static PipelineDashboard read(Map<String, Long> sums) {
        Map<String, Map<String, Cell>> forecast = new TreeMap<>();
        Map<String, long[]> closedCounts = new TreeMap<>();
        Map<String, Map<String, Long>> closedAmount = new TreeMap<>();
        Map<String, Long> openAmount = new TreeMap<>();
        Map<String, Long> openWeighted = new TreeMap<>();
        TreeMap<Integer, Long> cycles = new TreeMap<>();
        long openDeals = 0;
        for (Map.Entry<String, Long> e : sums.entrySet()) {
            String[] p = e.getKey().split("\\|", 4);
            long n = e.getValue();
            switch (p[0]) {
                case "o" -> {
                    String month = p[1];
                    if (p[2].equals("n")) {
                        cell(forecast, month, p[3]).deals += n;
                        openDeals += n;
                    } else {
                        String[] curAndStage = p[3].split("\\|", 2);
                        Cell cell = cell(forecast, month, curAndStage[1]);
                        Map<String, Long> target = p[2].equals("a") ? cell.amount : cell.weighted;
                        target.merge(curAndStage[0], n, Long::sum);
                        (p[2].equals("a") ? openAmount : openWeighted).merge(curAndStage[0], n, Long::sum);
                    }
                }
                case "c" -> {
                    String month = p[1];
                    switch (p[2]) {
                        case "won" -> closedCounts.computeIfAbsent(month, m -> new long[2])[0] += n;
                        case "lost" -> closedCounts.computeIfAbsent(month, m -> new long[2])[1] += n;
                        default -> closedAmount.computeIfAbsent(month, m -> new TreeMap<>()).merge(p[3], n, Long::sum);
                    }
                }
                case "y" -> cycles.merge(Integer.parseInt(p[1]), n, Long::sum);
                default -> {
                }
            }
        }
        List<ForecastRow> rows = new ArrayList<>();
        forecast.forEach((month, stages) -> stages.forEach((stage, cell) -> rows.add(new ForecastRow(month, stage, cell.deals,
                money(cell.amount), money(cell.weighted)))));
        long won = 0;
        long lost = 0;
        List<ClosedRow> closed = new ArrayList<>();
        java.util.Set<String> months = new java.util.TreeSet<>(closedCounts.keySet());
        months.addAll(closedAmount.keySet());
        for (String month : months) {
            long[] wl = closedCounts.getOrDefault(month, new long[2]);
            won += wl[0];
            lost += wl[1];
            closed.add(new ClosedRow(month, wl[0], wl[1], rate(wl[0], wl[0] + wl[1]), money(closedAmount.getOrDefault(month, Map.of()))));
        }
        return new PipelineDashboard(openDeals, money(openAmount), money(openWeighted), rows, new WinRate(won, lost, rate(won, won + lost)),
                cycle(cycles), closed);
    }

    private static Cycle cycle(TreeMap<Integer, Long> histogram) {
        long n = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return new Cycle(0, null, null);
        }
        long sum = 0;
        for (var e : histogram.entrySet()) {
            sum += e.getKey() * e.getValue();
        }
        long medianIndex = (n - 1) / 2; // the lower median, as over a sorted list
        long seen = 0;
        Integer median = null;
        for (var e : histogram.entrySet()) {
            seen += e.getValue();
            if (seen > medianIndex) {
                median = e.getKey();
                break;
            }
        }
        return new Cycle(n, round((double) sum / n), median == null ? null : (double) median);
    }

    private static final class Cell {
        long deals;
        final Map<String, Long> amount = new TreeMap<>();
        final Map<String, Long> weighted = new TreeMap<>();
    }

    private static Cell cell(Map<String, Map<String, Cell>> forecast, String month, String stage) {
        return forecast.computeIfAbsent(month, m -> new TreeMap<>()).computeIfAbsent(stage, s -> new Cell());
    }

    static List<Money> money(Map<String, Long> perCurrency) {
        List<Money> out = new ArrayList<>();
        new TreeMap<>(perCurrency).forEach((currency, units) -> out.add(Units.money(units, currency)));
        return out;
    }

    static Double rate(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10000.0 / whole) / 10000.0;
    }

    static Double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
