package org.touchpoint.analytics.dashboard;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.touchpoint.events.Money;

/**
 * RFM segments over every customer (exact counts from the histograms), and the scored customers, best first (total
 * score, then id), optionally of one segment. The list walks the buyers by day of last purchase, most recent first (so
 * recency never increases), and stops as soon as no later day could beat the customers found; after
 * {@value #MAX_READ} buyers read it stops anyway and says so ({@code exhaustive} false).
 *
 * @param exhaustive true when every buyer who could be listed was considered
 */
public record RfmDashboard(long buyers, Map<String, Long> segments, List<Customer> customers, boolean exhaustive) {

    static final List<String> SEGMENTS = List.of("champions", "loyal", "promising", "needs-attention", "at-risk", "hibernating", "prospect");
    static final int MAX_READ = 20_000;
    private static final int DAYS_PER_READ = 31;

    public record Customer(String customerId, String displayName, int recency, int frequency, int monetary, String segment,
                           Long daysSinceLastPurchase, long wins, List<Money> lifetimeValue) {
    }

    private record Candidate(String customerId, RfmModel.Rfm rfm, Map<String, BigDecimal> revenue) {
        int total() {
            return rfm.recency() + rfm.frequency() + rfm.monetary();
        }
    }

    static RfmDashboard read(RfmModel model, String segment, int limit, int generation, Aggregates aggregates, Names names) {
        Comparator<Candidate> order = Comparator.comparingInt(Candidate::total).reversed().thenComparing(Candidate::customerId);
        List<Candidate> found = new ArrayList<>();
        List<Long> days = model.daysNewestFirst();
        int read = 0;
        boolean exhaustive = true;
        walk:
        for (int from = 0; from < days.size(); from += DAYS_PER_READ) {
            List<Long> chunk = days.subList(from, Math.min(days.size(), from + DAYS_PER_READ));
            Map<String, Map<String, Object>> members = aggregates.members(generation, chunk.stream().map(RfmModel::dayList).toList());
            for (long day : chunk) {
                int best = model.recency(day) + 10;
                if (found.size() >= limit) {
                    found.sort(order);
                    if (found.get(limit - 1).total() > best) {
                        break walk; // no buyer of this day or older can enter the list
                    }
                }
                Map<String, Object> ofDay = members.getOrDefault(RfmModel.dayList(day), Map.of());
                if (read + ofDay.size() > MAX_READ) {
                    exhaustive = false;
                    break walk;
                }
                read += ofDay.size();
                ofDay.forEach((id, value) -> {
                    Candidate c = candidate(model, id, day, String.valueOf(value));
                    if (segment == null || segment.equals(c.rfm().segment())) {
                        found.add(c);
                    }
                });
            }
        }
        found.sort(order);
        List<Candidate> top = found.size() > limit ? found.subList(0, limit) : found;
        Map<String, String> display = names.of(generation, top.stream().map(Candidate::customerId).toList());
        List<Customer> listed = top.stream().map(c -> new Customer(c.customerId(), display.get(c.customerId()), c.rfm().recency(),
                c.rfm().frequency(), c.rfm().monetary(), c.rfm().segment(), c.rfm().daysSinceLastPurchase(), c.rfm().wins(),
                c.revenue().entrySet().stream().map(e -> Money.of(e.getValue(), e.getKey())).toList())).toList();
        return new RfmDashboard(model.buyers(), model.segments(), listed, exhaustive);
    }

    /** A day-list member: {@code wins;EUR:units;USD:units}. */
    private static Candidate candidate(RfmModel model, String id, long day, String value) {
        String[] p = value.split(";");
        long wins = Long.parseLong(p[0]);
        Map<String, BigDecimal> revenue = new TreeMap<>();
        for (int i = 1; i < p.length; i++) {
            String[] cu = p[i].split(":");
            revenue.put(cu[0], Units.value(Long.parseLong(cu[1])));
        }
        return new Candidate(id, model.score(day, wins, revenue), revenue);
    }
}
