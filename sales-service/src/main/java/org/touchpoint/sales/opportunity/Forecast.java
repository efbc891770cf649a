package org.touchpoint.sales.opportunity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.touchpoint.events.Money;

/**
 * The forecast of one period, folded from opportunities: open deals expected to close in the period (weighted by
 * their probability) and deals closed in it. Money is summed per currency, never converted.
 */
final class Forecast {

    static final List<String> CATEGORIES = List.of("pipeline", "best-case", "commit", "closed");

    private final Map<String, Group> groups = new TreeMap<>();
    private final Group total = new Group("total");
    private int won;
    private int lost;
    private long cycleDaysOfWon;

    void add(Opportunity o, String groupKey) {
        groups.computeIfAbsent(groupKey == null ? "none" : groupKey, Group::new).add(o);
        total.add(o);
        if (Opportunity.WON.equals(o.status())) {
            won++;
            cycleDaysOfWon += o.cycleDays();
        } else if (Opportunity.LOST.equals(o.status())) {
            lost++;
        }
    }

    Response toResponse(String period, LocalDate from, LocalDate to, String groupBy) {
        Double winRate = won + lost == 0 ? null
                : BigDecimal.valueOf(won).divide(BigDecimal.valueOf(won + lost), 4, RoundingMode.HALF_UP).doubleValue();
        Double averageCycleDays = won == 0 ? null
                : BigDecimal.valueOf(cycleDaysOfWon).divide(BigDecimal.valueOf(won), 1, RoundingMode.HALF_UP).doubleValue();
        return new Response(period, from, to, groupBy, groups.values().stream().map(Group::toResponse).toList(),
                total.toResponse(), winRate, won, lost, averageCycleDays);
    }

    private static final class Group {
        private final String key;
        private int count;
        private int open;
        private final Map<String, BigDecimal> amount = new TreeMap<>();
        private final Map<String, BigDecimal> weighted = new TreeMap<>();
        private final Map<String, Map<String, BigDecimal>> categories = new LinkedHashMap<>();

        Group(String key) {
            this.key = key;
            CATEGORIES.forEach(c -> categories.put(c, new TreeMap<>()));
        }

        void add(Opportunity o) {
            count++;
            if (Opportunity.LOST.equals(o.status())) {
                return; // counted for the win rate, worth nothing in the forecast
            }
            if (Opportunity.OPEN.equals(o.status())) {
                open++;
            }
            BigDecimal weight = Opportunity.WON.equals(o.status()) ? o.amount()
                    : o.amount().multiply(BigDecimal.valueOf(o.probability())).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            amount.merge(o.currency(), o.amount(), BigDecimal::add);
            weighted.merge(o.currency(), weight, BigDecimal::add);
            String category = Opportunity.WON.equals(o.status()) ? "closed" : o.forecastCategory();
            Map<String, BigDecimal> c = categories.get(category);
            if (c != null) { // "omitted" stages count in no category
                c.merge(o.currency(), o.amount(), BigDecimal::add);
            }
        }

        GroupResponse toResponse() {
            Map<String, List<Money>> byCategory = new LinkedHashMap<>();
            categories.forEach((c, sums) -> byCategory.put(c, money(sums)));
            return new GroupResponse(key, count, open, money(amount), money(weighted), byCategory);
        }

        private static List<Money> money(Map<String, BigDecimal> sums) {
            List<Money> out = new ArrayList<>();
            sums.forEach((currency, sum) -> out.add(Money.of(sum, currency)));
            return out;
        }
    }

    /**
     * @param winRate          won / (won + lost) among the deals closed in the period; null when none closed
     * @param averageCycleDays mean days from creation to win of the deals won in the period
     */
    record Response(String period, LocalDate from, LocalDate to, String groupBy, List<GroupResponse> groups,
                    GroupResponse total, Double winRate, int won, int lost, Double averageCycleDays) {
    }

    /** One group: all its deals, the open ones, amounts and weighted amounts per currency, and per forecast category. */
    record GroupResponse(String key, int count, int open, List<Money> amount, List<Money> weighted,
                         Map<String, List<Money>> categories) {
    }
}
