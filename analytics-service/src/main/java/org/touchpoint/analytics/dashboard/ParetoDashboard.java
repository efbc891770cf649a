package org.touchpoint.analytics.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.touchpoint.analytics.fold.Amount;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.events.Money;
import org.touchpoint.kit.folding.Contribution;

/**
 * "20 % of our customers represent 80 % of our profit": per currency (never converted), the top {@code topShare} of
 * paying customers, the share of revenue they bring, and who they are. Exact, with bounded reads: per currency the
 * aggregate {@code pareto:<currency>} counts and sums revenue in logarithmic bands, and each band lists its customers
 * with their revenue ({@code pareto:<currency>:<band>}); the top is the bands above the boundary plus the best of the
 * boundary band, so only the boundary band and the bands the list needs are read.
 */
public record ParetoDashboard(double topShare, List<Currency> currencies) {

    static final String CURRENCIES = "pareto";

    public record Currency(String currency, long customers, long topCustomers, Money totalRevenue, Money topRevenue,
                           double topRevenueShare, List<Customer> top) {
    }

    public record Customer(String customerId, String displayName, Money revenue, Double share) {
    }

    static String of(String currency) {
        return "pareto:" + currency;
    }

    static String band(String currency, int band) {
        return "pareto:" + currency + ":" + Units.bandKey(band);
    }

    static void contribute(CustomerView v, Contribution c) {
        for (Amount a : v.lifetimeValue()) {
            if (a.value().signum() <= 0) {
                continue;
            }
            long units = Units.of(a.value());
            int band = Units.band(a.value());
            c.add(CURRENCIES, a.getCurrency(), 1);
            c.add(of(a.getCurrency()), "n", 1);
            c.add(of(a.getCurrency()), "sum", units);
            c.add(of(a.getCurrency()), "b|" + Units.bandKey(band) + "|n", 1);
            c.add(of(a.getCurrency()), "b|" + Units.bandKey(band) + "|sum", units);
            c.member(band(a.getCurrency(), band), v.getId(), units);
        }
    }

    private record Ranked(String customerId, long units) {
    }

    static ParetoDashboard read(double topShare, int limit, int generation, Aggregates aggregates, Names names) {
        List<String> currencies = new ArrayList<>(aggregates.sums(generation, CURRENCIES).keySet());
        Map<String, Map<String, Long>> sums = aggregates.sums(generation, currencies.stream().map(ParetoDashboard::of).toList());
        List<Currency> out = new ArrayList<>();
        List<Ranked> everyoneListed = new ArrayList<>();
        Map<String, List<Ranked>> listedPerCurrency = new TreeMap<>();
        Map<String, long[]> figures = new TreeMap<>();
        for (String currency : currencies) {
            Map<String, Long> s = sums.get(of(currency));
            long n = s.getOrDefault("n", 0L);
            long total = s.getOrDefault("sum", 0L);
            if (n <= 0 || total <= 0) {
                continue;
            }
            TreeMap<Integer, long[]> bands = new TreeMap<>(Comparator.reverseOrder());
            s.forEach((key, v) -> {
                if (key.startsWith("b|")) {
                    String[] p = key.split("\\|");
                    bands.computeIfAbsent(Integer.parseInt(p[1]), b -> new long[2])[p[2].equals("n") ? 0 : 1] += v;
                }
            });
            long top = Math.max(1, (long) Math.ceil(n * topShare));
            int listed = (int) Math.min(top, limit);
            // The bands whose members the list needs (from the top), and the boundary band of the top share.
            List<Integer> toRead = new ArrayList<>();
            long seen = 0;
            long topUnits = 0;
            Integer boundary = null;
            long fromBoundary = 0;
            for (var b : bands.entrySet()) {
                long count = b.getValue()[0];
                if (seen < listed) {
                    toRead.add(b.getKey());
                }
                if (boundary == null) {
                    if (seen + count <= top) {
                        topUnits += b.getValue()[1];
                    } else {
                        boundary = b.getKey();
                        fromBoundary = top - seen;
                        if (!toRead.contains(boundary)) {
                            toRead.add(boundary);
                        }
                    }
                }
                seen += count;
                if (seen >= listed && boundary != null) {
                    break;
                }
            }
            Map<String, Map<String, Object>> members = aggregates.members(generation, toRead.stream().map(b -> band(currency, b)).toList());
            if (boundary != null) {
                List<Ranked> inBoundary = ranked(members.getOrDefault(band(currency, boundary), Map.of()));
                for (int i = 0; i < fromBoundary && i < inBoundary.size(); i++) {
                    topUnits += inBoundary.get(i).units();
                }
            }
            List<Ranked> all = new ArrayList<>();
            members.values().forEach(m -> all.addAll(ranked(m)));
            all.sort(RANKING);
            List<Ranked> first = all.size() > listed ? all.subList(0, listed) : all;
            listedPerCurrency.put(currency, first);
            everyoneListed.addAll(first);
            figures.put(currency, new long[] {n, top, total, topUnits});
        }
        Map<String, String> display = names.of(generation, everyoneListed.stream().map(Ranked::customerId).distinct().toList());
        figures.forEach((currency, f) -> {
            BigDecimal total = Units.value(f[2]);
            BigDecimal topRevenue = Units.value(f[3]);
            List<Customer> top = listedPerCurrency.get(currency).stream().map(r -> new Customer(r.customerId(), display.get(r.customerId()),
                    Units.money(r.units(), currency), Units.value(r.units()).divide(total, 4, RoundingMode.HALF_EVEN).doubleValue())).toList();
            out.add(new Currency(currency, f[0], f[1], Money.of(total, currency), Money.of(topRevenue, currency),
                    topRevenue.divide(total, 4, RoundingMode.HALF_EVEN).doubleValue(), top));
        });
        return new ParetoDashboard(topShare, out);
    }

    private static final Comparator<Ranked> RANKING = Comparator.comparingLong(Ranked::units).reversed().thenComparing(Ranked::customerId);

    private static List<Ranked> ranked(Map<String, Object> members) {
        List<Ranked> out = new ArrayList<>();
        members.forEach((id, v) -> out.add(new Ranked(id, ((Number) v).longValue())));
        out.sort(RANKING);
        return out;
    }
}
