package org.touchpoint.analytics.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.touchpoint.analytics.fold.TouchCounts;

/**
 * Touches per UTC day and channel between two dates: every touch, of customers and of accounts, counted once when it
 * is first folded (month aggregates {@code touches:2026-12}). Counts are not personal data: an erased customer's past
 * touches stay counted.
 */
public record TouchTrend(String from, String to, Map<String, Long> totalsByChannel, List<Day> days) {

    public record Day(String day, long total, Map<String, Long> channels) {
    }

    /** The month aggregates covering the range. */
    static List<String> months(LocalDate from, LocalDate to) {
        TreeSet<String> months = new TreeSet<>();
        for (LocalDate d = from.withDayOfMonth(1); !d.isAfter(to); d = d.plusMonths(1)) {
            months.add(d.toString().substring(0, 7));
        }
        return new ArrayList<>(months);
    }

    static TouchTrend read(LocalDate from, LocalDate to, List<Map<String, Long>> monthSums) {
        Map<String, Map<String, Long>> byDay = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            byDay.put(d.toString(), new TreeMap<>());
        }
        Map<String, Long> totals = new TreeMap<>();
        for (Map<String, Long> sums : monthSums) {
            sums.forEach((key, count) -> {
                String[] dayAndChannel = key.split("\\|", 2);
                Map<String, Long> channels = byDay.get(dayAndChannel[0]);
                if (channels != null) {
                    channels.merge(dayAndChannel[1], count, Long::sum);
                    totals.merge(dayAndChannel[1], count, Long::sum);
                }
            });
        }
        List<Day> days = new ArrayList<>();
        byDay.forEach((day, channels) -> days.add(new Day(day, channels.values().stream().mapToLong(Long::longValue).sum(), channels)));
        return new TouchTrend(from.toString(), to.toString(), totals, days);
    }

    static String customerMonth(String month) {
        return TouchCounts.CUSTOMER_PREFIX + month;
    }

    static String accountMonth(String month) {
        return TouchCounts.ACCOUNT_PREFIX + month;
    }
}
