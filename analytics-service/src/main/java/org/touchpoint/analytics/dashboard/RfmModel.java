package org.touchpoint.analytics.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.touchpoint.analytics.fold.Amount;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.kit.folding.Contribution;

/**
 * RFM scores over every customer who bought: recency of the last won deal (days), frequency (deals won) and monetary
 * (won revenue, ranked within each currency, never converted, the best currency counts). Each score is 1–5 by
 * mid-rank percentile among buyers, so ties score alike and a lone buyer scores 3.
 *
 * <p>Built from histograms kept in the aggregate {@value #NAME}: the day of each buyer's last purchase (exact), the
 * number of wins (exact), and revenue in logarithmic bands per currency: two amounts in one band (within
 * {@value Units#BAND_WIDTH_PERCENT} % of each other) rank as equal, so a monetary score can differ by one step from the
 * exact rank for a buyer that close to a quintile boundary. Recency and frequency are exact.
 */
public final class RfmModel {

    static final String NAME = "rfm";

    private final TreeMap<Long, Long> lastDays = new TreeMap<>();
    private final TreeMap<Long, Long> wins = new TreeMap<>();
    private final Map<String, TreeMap<Integer, Long>> bands = new TreeMap<>();
    private final TreeMap<String, Long> joint = new TreeMap<>();
    private long buyers;
    private long customers;
    private final LocalDate today;

    private RfmModel(LocalDate today) {
        this.today = today;
    }

    static void contribute(CustomerView v, Contribution c) {
        c.add(NAME, "n", 1);
        if (v.lastPurchaseAt() == null) {
            return;
        }
        long day = lastPurchaseDay(v);
        long w = v.wins();
        c.add(NAME, "r|" + day, 1);
        c.add(NAME, "f|" + w, 1);
        c.add(NAME, "rf|" + day + "|" + w, 1);
        StringBuilder value = new StringBuilder().append(w);
        for (Amount a : v.lifetimeValue()) {
            if (a.value().signum() > 0) {
                c.add(NAME, "m|" + a.getCurrency() + "|" + Units.bandKey(Units.band(a.value())), 1);
                value.append(';').append(a.getCurrency()).append(':').append(Units.of(a.value()));
            }
        }
        c.member(dayList(day), v.getId(), value.toString());
    }

    static long lastPurchaseDay(CustomerView v) {
        return v.lastPurchaseAt().atZone(java.time.ZoneOffset.UTC).toLocalDate().toEpochDay();
    }

    /** The members aggregate of the buyers whose last purchase was on that day (for the listing). */
    static String dayList(long epochDay) {
        return "rfm-day:" + epochDay;
    }

    static RfmModel of(Map<String, Long> sums, LocalDate today) {
        RfmModel m = new RfmModel(today);
        sums.forEach((key, n) -> {
            String[] p = key.split("\\|");
            switch (p[0]) {
                case "n" -> m.customers += n;
                case "r" -> {
                    m.lastDays.merge(Long.parseLong(p[1]), n, Long::sum);
                    m.buyers += n;
                }
                case "f" -> m.wins.merge(Long.parseLong(p[1]), n, Long::sum);
                case "m" -> m.bands.computeIfAbsent(p[1], c -> new TreeMap<>()).merge(Integer.parseInt(p[2]), n, Long::sum);
                case "rf" -> m.joint.merge(p[1] + "|" + p[2], n, Long::sum);
                default -> {
                }
            }
        });
        return m;
    }

    public long buyers() {
        return buyers;
    }

    /** Everyone folded, buyers or not. */
    long customers() {
        return customers;
    }

    LocalDate today() {
        return today;
    }

    /** The customer's scores and segment; a customer without a won deal is a {@code prospect} without scores. */
    public Rfm score(CustomerView c) {
        if (c.lastPurchaseAt() == null) {
            return new Rfm(null, null, null, "prospect", null, 0);
        }
        Map<String, BigDecimal> revenue = new TreeMap<>();
        c.lifetimeValue().forEach(a -> revenue.put(a.getCurrency(), a.value()));
        return score(lastPurchaseDay(c), c.wins(), revenue);
    }

    /** Scores from the figures themselves (the listing reads them from the day lists, not from the views). */
    Rfm score(long lastDay, long w, Map<String, BigDecimal> revenue) {
        int r = recency(lastDay);
        int f = score(wins.headMap(w, false).values().stream().mapToLong(Long::longValue).sum(), wins.getOrDefault(w, 0L), buyers);
        int m = 1;
        for (Map.Entry<String, BigDecimal> e : revenue.entrySet()) {
            TreeMap<Integer, Long> all = bands.get(e.getKey());
            if (all == null || e.getValue().signum() <= 0) {
                continue;
            }
            int band = Units.band(e.getValue());
            long n = all.values().stream().mapToLong(Long::longValue).sum();
            m = Math.max(m, score(all.headMap(band, false).values().stream().mapToLong(Long::longValue).sum(), all.getOrDefault(band, 0L), n));
        }
        long days = Math.max(0, today.toEpochDay() - lastDay);
        return new Rfm(r, f, m, segment(r, f), days, w);
    }

    /** Recency: more days since the last purchase is worse, i.e. an earlier last day. */
    int recency(long lastDay) {
        return score(lastDays.headMap(lastDay, false).values().stream().mapToLong(Long::longValue).sum(), lastDays.getOrDefault(lastDay, 0L), buyers);
    }

    /** Customers per segment, prospects included: exact, from the joint histogram of last day and wins. */
    Map<String, Long> segments() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        RfmDashboard.SEGMENTS.forEach(s -> counts.put(s, 0L));
        joint.forEach((key, n) -> {
            String[] p = key.split("\\|");
            long day = Long.parseLong(p[0]);
            long w = Long.parseLong(p[1]);
            int r = recency(day);
            int f = score(wins.headMap(w, false).values().stream().mapToLong(Long::longValue).sum(), wins.getOrDefault(w, 0L), buyers);
            counts.merge(segment(r, f), n, Long::sum);
        });
        counts.merge("prospect", Math.max(0, customers - buyers), Long::sum);
        return counts;
    }

    /** Days with buyers whose last purchase was then, most recent first (the listing walks them in that order). */
    List<Long> daysNewestFirst() {
        return List.copyOf(lastDays.descendingKeySet());
    }

    static int score(long worse, long equal, long n) {
        if (n == 0) {
            return 3;
        }
        double p = (worse + 0.5 * Math.max(1, equal)) / n;
        return (int) Math.max(1, Math.min(5, Math.ceil(p * 5)));
    }

    static String segment(int r, int f) {
        if (r >= 4 && f >= 4) {
            return "champions";
        }
        if (r >= 3 && f >= 3) {
            return "loyal";
        }
        if (r >= 4) {
            return "promising";
        }
        if (r <= 2 && f >= 3) {
            return "at-risk";
        }
        if (r <= 2) {
            return "hibernating";
        }
        return "needs-attention";
    }

    /**
     * @param recency 1–5 (5 = bought most recently), null for a prospect
     * @param segment champions, loyal, promising, needs-attention, at-risk, hibernating, or prospect
     */
    public record Rfm(Integer recency, Integer frequency, Integer monetary, String segment, Long daysSinceLastPurchase, long wins) {
    }
}
