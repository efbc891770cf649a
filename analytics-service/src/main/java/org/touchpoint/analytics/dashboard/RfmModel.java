package org.touchpoint.analytics.dashboard;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.touchpoint.analytics.fold.Amount;
import org.touchpoint.analytics.fold.CustomerView;

/**
 * RFM scores over all customers who bought: recency of the last won deal (days), frequency (deals won) and
 * monetary (won revenue; ranked within each currency, never converted, the best currency counts). Each score is
 * 1–5 by mid-rank percentile among buyers, so ties score alike and a lone buyer scores 3.
 */
public final class RfmModel {

    private final List<Long> recencies;
    private final List<Long> frequencies;
    private final Map<String, List<BigDecimal>> monetary;
    private final Instant at;

    private RfmModel(List<Long> recencies, List<Long> frequencies, Map<String, List<BigDecimal>> monetary, Instant at) {
        this.recencies = recencies;
        this.frequencies = frequencies;
        this.monetary = monetary;
        this.at = at;
    }

    /** The thresholds from every customer of a generation, at time {@code now}. */
    public static RfmModel of(Iterable<CustomerView> customers, Instant now) {
        List<Long> r = new ArrayList<>();
        List<Long> f = new ArrayList<>();
        Map<String, List<BigDecimal>> m = new HashMap<>();
        for (CustomerView c : customers) {
            Instant last = c.lastPurchaseAt();
            if (last == null) {
                continue;
            }
            r.add(daysBetween(last, now));
            f.add(c.wins());
            for (Amount a : c.lifetimeValue()) {
                m.computeIfAbsent(a.getCurrency(), k -> new ArrayList<>()).add(a.value());
            }
        }
        Collections.sort(r);
        Collections.sort(f);
        m.values().forEach(Collections::sort);
        return new RfmModel(r, f, m, now);
    }

    public Instant at() {
        return at;
    }

    public int buyers() {
        return recencies.size();
    }

    /** The customer's scores and segment; a customer without a won deal is a {@code prospect} without scores. */
    public Rfm score(CustomerView c, Instant now) {
        Instant last = c.lastPurchaseAt();
        if (last == null) {
            return new Rfm(null, null, null, "prospect", null, 0);
        }
        long days = daysBetween(last, now);
        long wins = c.wins();
        // Recency: fewer days is better, so "worse" means more days.
        int r = score(recencies.stream().filter(x -> x > days).count(), recencies.stream().filter(x -> x == days).count(), recencies.size());
        int f = score(frequencies.stream().filter(x -> x < wins).count(), frequencies.stream().filter(x -> x == wins).count(), frequencies.size());
        int m = 1;
        for (Amount a : c.lifetimeValue()) {
            List<BigDecimal> all = monetary.getOrDefault(a.getCurrency(), List.of());
            BigDecimal v = a.value();
            m = Math.max(m, score(all.stream().filter(x -> x.compareTo(v) < 0).count(), all.stream().filter(x -> x.compareTo(v) == 0).count(), all.size()));
        }
        return new Rfm(r, f, m, segment(r, f), days, wins);
    }

    static int score(long worse, long equal, int n) {
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

    private static long daysBetween(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toDays());
    }

    /**
     * @param recency   1–5 (5 = bought most recently), null for a prospect
     * @param segment   champions, loyal, promising, needs-attention, at-risk, hibernating, or prospect
     */
    public record Rfm(Integer recency, Integer frequency, Integer monetary, String segment, Long daysSinceLastPurchase, long wins) {
    }
}
