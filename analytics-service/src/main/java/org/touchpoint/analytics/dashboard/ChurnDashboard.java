package org.touchpoint.analytics.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.touchpoint.analytics.fold.Amounts;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.TouchStats;
import org.touchpoint.events.Money;
import org.touchpoint.kit.folding.Contribution;

/**
 * Customers at risk of leaving, riskiest first, with the rules that fired ({@link ChurnRules}), over customers (a won
 * deal, or lifecycle stage {@code customer}).
 *
 * <p>Recency and falling engagement change with the days, without any touch; the aggregates account for that exactly.
 * Each customer adds itself to {@value #NAME} under the day of its last interaction and its static points (cases,
 * satisfaction): today's recency of every such group follows from the day. Falling engagement can only fire within 60
 * days of the last interaction, and with no new touch its value on each of those days is known in advance: each
 * customer adds itself, for each day it would be falling, to {@code churn-fall:<month>}. Level counts are therefore
 * exact on any day. The list reads the customers with static points, then the others by day of last interaction (the
 * riskiest groups first) and stops once no later group can enter it; after {@value #MAX_READ} customers read it stops
 * anyway ({@code exhaustive} false). The listed customers are assessed from their views.
 */
public record ChurnDashboard(String minLevel, long matching, Map<String, Long> levels, List<Customer> customers, boolean exhaustive) {

    static final String NAME = "churn";
    static final int HORIZON = 60;
    static final int MAX_READ = 20_000;
    private static final List<Integer> STATIC_POINTS = List.of(20, 25, 30, 45, 50, 55);

    public record Customer(String customerId, String displayName, int score, String level, List<ChurnRules.Factor> factors,
                           List<Money> lifetimeValue, Instant lastInteractionAt) {
    }

    static String falling(LocalDate day) {
        return "churn-fall:" + day.toString().substring(0, 7);
    }

    static String staticList(int points) {
        return "churn-static:" + points;
    }

    static String dayList(long epochDay) {
        return "churn-day:" + epochDay;
    }

    static void contribute(CustomerView v, Contribution c) {
        if (!v.isCustomer()) {
            return;
        }
        int s = ChurnRules.staticPoints(v);
        LocalDate last = v.touches().lastDay();
        c.add(NAME, "b|" + (last == null ? "none" : last.toEpochDay()) + "|" + s, 1);
        long mask = last == null ? 0 : fallingMask(v.touches(), last);
        for (int i = 0; i <= HORIZON; i++) {
            if ((mask & (1L << i)) != 0) {
                LocalDate day = last.plusDays(i);
                c.add(falling(day), day.toEpochDay() + "|" + s, 1);
            }
        }
        if (s > 0) {
            c.member(staticList(s), v.getId(), (last == null ? "none" : String.valueOf(last.toEpochDay())) + ";" + mask);
        } else if (last != null) {
            c.member(dayList(last.toEpochDay()), v.getId(), mask);
        }
    }

    /** Bit i: on the day {@code last + i}, with no further touch, engagement would be falling. */
    static long fallingMask(TouchStats touches, LocalDate last) {
        int span = 2 * ChurnRules.RECENT_WINDOW + HORIZON + 1;
        LocalDate first = last.minusDays(span - HORIZON - 1L);
        long[] perDay = new long[span];
        for (TouchStats.DayCount d : touches.days) {
            long i = LocalDate.parse(d.day).toEpochDay() - first.toEpochDay();
            if (i >= 0 && i < span) {
                perDay[(int) i] += d.count;
            }
        }
        long mask = 0;
        for (int i = 0; i <= HORIZON; i++) {
            int today = span - HORIZON - 1 + i; // index of last + i
            long recent = sum(perDay, today - ChurnRules.RECENT_WINDOW + 1, today);
            long before = sum(perDay, today - 2 * ChurnRules.RECENT_WINDOW + 1, today - ChurnRules.RECENT_WINDOW);
            if (ChurnRules.falling(recent, before)) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /**
     * Customers per level on {@code today}, and how many score at least {@code threshold}, from the aggregates: exact.
     *
     * @param zeroStaticByDay customers without static points, by day of last interaction (for the list)
     */
    record Levels(Map<String, Long> levels, long matching, TreeMap<Long, Long> zeroStaticByDay) {
    }

    static Levels levels(Map<String, Long> churn, Map<String, Long> fallingThisMonth, long today, int threshold) {
        Map<String, Long> levels = new LinkedHashMap<>();
        levels.put("high", 0L);
        levels.put("medium", 0L);
        levels.put("low", 0L);
        Map<Integer, Long> active = new HashMap<>();
        TreeMap<Long, Long> zeroStaticByDay = new TreeMap<>();
        long[] matching = {0};
        java.util.function.BiConsumer<Integer, Long> count = (score, n) -> {
            levels.merge(ChurnRules.level(score), n, Long::sum);
            if (score >= threshold && score > 0) {
                matching[0] += n;
            }
        };
        churn.forEach((key, n) -> {
            String[] p = key.split("\\|");
            if (!p[0].equals("b")) {
                return;
            }
            int s = Integer.parseInt(p[2]);
            if (p[1].equals("none")) {
                count.accept(s, n);
                return;
            }
            long lastDay = Long.parseLong(p[1]);
            long silent = today - lastDay;
            if (s == 0) {
                zeroStaticByDay.merge(lastDay, n, Long::sum);
            }
            if (silent >= 0 && silent <= HORIZON) {
                active.merge(s, n, Long::sum);
            } else {
                count.accept(Math.min(100, s + ChurnRules.recencyPoints(Math.max(0, silent))), n);
            }
        });
        Map<Integer, Long> fallingNow = new HashMap<>();
        fallingThisMonth.forEach((key, n) -> {
            String[] p = key.split("\\|");
            if (Long.parseLong(p[0]) == today) {
                fallingNow.merge(Integer.parseInt(p[1]), n, Long::sum);
            }
        });
        active.forEach((s, n) -> {
            long f = Math.min(n, fallingNow.getOrDefault(s, 0L));
            count.accept(Math.min(100, s + 25), f);
            count.accept(s, n - f);
        });
        return new Levels(levels, matching[0], zeroStaticByDay);
    }

    private static long sum(long[] a, int from, int to) {
        long n = 0;
        for (int i = Math.max(0, from); i <= to && i < a.length; i++) {
            n += a[i];
        }
        return n;
    }

    private static int score(int s, Long lastDay, long mask, long today) {
        if (lastDay == null) {
            return s;
        }
        long silent = today - lastDay;
        int recency = ChurnRules.recencyPoints(silent);
        boolean fall = silent >= 0 && silent <= HORIZON && (mask & (1L << silent)) != 0;
        return Math.min(100, s + recency + (fall ? 25 : 0));
    }

    private record Candidate(String customerId, int score, long silent) {
    }

    interface Views {
        Map<String, CustomerView> of(List<String> ids);
    }

    static ChurnDashboard read(String minLevel, int limit, Instant now, int generation, Aggregates aggregates, Views views) {
        LocalDate todayDate = now.atZone(ZoneOffset.UTC).toLocalDate();
        long today = todayDate.toEpochDay();
        int threshold = switch (minLevel) {
            case "high" -> 60;
            case "medium" -> 30;
            default -> 1;
        };
        Map<String, Map<String, Long>> sums = aggregates.sums(generation, List.of(NAME, falling(todayDate)));
        Levels counted = levels(sums.get(NAME), sums.get(falling(todayDate)), today, threshold);
        Map<String, Long> levels = counted.levels();
        TreeMap<Long, Long> zeroStaticByDay = counted.zeroStaticByDay();
        long[] matching = {counted.matching()};

        // The list: customers with static points first (all of them), then the others, riskiest group first.
        List<Candidate> found = new ArrayList<>();
        int read = 0;
        boolean exhaustive = true;
        Map<String, Map<String, Object>> statics = aggregates.members(generation, STATIC_POINTS.stream().map(ChurnDashboard::staticList).toList());
        for (int s : STATIC_POINTS) {
            for (Map.Entry<String, Object> m : statics.get(staticList(s)).entrySet()) {
                String[] v = String.valueOf(m.getValue()).split(";");
                Long lastDay = v[0].equals("none") ? null : Long.parseLong(v[0]);
                int sc = score(s, lastDay, Long.parseLong(v[1]), today);
                if (sc >= threshold) {
                    found.add(new Candidate(m.getKey(), sc, lastDay == null ? -1 : today - lastDay));
                }
                read++;
            }
        }
        Comparator<Candidate> order = Comparator.comparingInt(Candidate::score).reversed()
                .thenComparing(Comparator.comparingLong(Candidate::silent).reversed()).thenComparing(Candidate::customerId);
        // Without static points: silent for more than 90 days (35), falling today (25), silent 61 to 90 days (20).
        List<List<Long>> groups = List.of(
                zeroStaticByDay.headMap(today - 90, false).keySet().stream().toList(),
                zeroStaticByDay.subMap(today - HORIZON, true, today, true).keySet().stream().toList(),
                zeroStaticByDay.subMap(today - 90, true, today - HORIZON, false).keySet().stream().toList());
        int[] groupScore = {35, 25, 20};
        walk:
        for (int g = 0; g < groups.size(); g++) {
            if (groupScore[g] < threshold) {
                break;
            }
            if (found.size() >= limit) {
                found.sort(order);
                if (found.get(limit - 1).score() > groupScore[g]) {
                    break;
                }
            }
            List<Long> days = groups.get(g);
            for (int from = 0; from < days.size(); from += 31) {
                List<Long> chunk = days.subList(from, Math.min(days.size(), from + 31));
                Map<String, Map<String, Object>> members = aggregates.members(generation, chunk.stream().map(ChurnDashboard::dayList).toList());
                for (long day : chunk) {
                    Map<String, Object> ofDay = members.getOrDefault(dayList(day), Map.of());
                    if (read + ofDay.size() > MAX_READ) {
                        exhaustive = false;
                        break walk;
                    }
                    read += ofDay.size();
                    for (Map.Entry<String, Object> m : ofDay.entrySet()) {
                        int sc = score(0, day, ((Number) m.getValue()).longValue(), today);
                        if (sc >= threshold && sc == groupScore[g]) {
                            found.add(new Candidate(m.getKey(), sc, today - day));
                        }
                    }
                    if (g != 1 && found.size() >= limit) {
                        // the days are walked oldest first (longest silence first): the rest of this group sorts after
                        found.sort(order);
                        if (found.get(limit - 1).score() >= groupScore[g]) {
                            break walk;
                        }
                    }
                }
            }
        }
        found.sort(order);
        List<Candidate> top = found.size() > limit ? found.subList(0, limit) : found;
        Map<String, CustomerView> loaded = views.of(top.stream().map(Candidate::customerId).toList());
        List<Customer> listed = new ArrayList<>();
        for (Candidate c : top) {
            CustomerView v = loaded.get(c.customerId());
            if (v == null) {
                continue;
            }
            ChurnRules.ChurnRisk risk = ChurnRules.assess(v, now);
            listed.add(new Customer(v.getId(), v.displayName(), risk.score(), risk.level(), risk.factors(),
                    Amounts.toMoney(v.lifetimeValue()), v.touches().lastAt));
        }
        return new ChurnDashboard(minLevel, matching[0], levels, listed, exhaustive);
    }
}
