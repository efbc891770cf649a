package org.touchpoint.analytics.freshness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import org.touchpoint.analytics.AnalyticsProperties;

/**
 * The last N touches this replica applied, with their source service and lag ({@code occurredAt} → applied),
 * for {@code GET /api/analytics/freshness}. The {@code crm.touch.freshness} timer (kit) is the long-run metric;
 * this window answers "how fresh is the view right now" without a metrics backend. Per replica, in memory.
 */
@Component
public class FreshnessWindow {

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final int capacity;
    private final Clock clock;

    FreshnessWindow(AnalyticsProperties properties, Clock clock) {
        this.capacity = Math.max(1, properties.freshnessWindow());
        this.clock = clock;
    }

    public void record(String sourceService, Instant occurredAt) {
        Instant now = clock.instant();
        long lag = Math.max(0, Duration.between(occurredAt, now).toMillis());
        synchronized (samples) {
            samples.addLast(new Sample(sourceService, lag, now));
            while (samples.size() > capacity) {
                samples.removeFirst();
            }
        }
    }

    public Report report() {
        List<Sample> copy;
        synchronized (samples) {
            copy = new ArrayList<>(samples);
        }
        Map<String, List<Long>> bySource = new TreeMap<>();
        for (Sample s : copy) {
            bySource.computeIfAbsent(s.source(), k -> new ArrayList<>()).add(s.lagMillis());
        }
        Map<String, Stats> stats = new LinkedHashMap<>();
        bySource.forEach((source, lags) -> stats.put(source, Stats.of(lags, copy.stream().filter(s -> s.source().equals(source)).toList().getLast())));
        Sample last = copy.isEmpty() ? null : copy.getLast();
        return new Report(copy.size(), capacity, last == null ? null : last.lagMillis(), last == null ? null : last.appliedAt(),
                copy.isEmpty() ? null : Stats.of(copy.stream().map(Sample::lagMillis).toList(), last), stats);
    }

    record Sample(String source, long lagMillis, Instant appliedAt) {
    }

    /**
     * @param currentLagMillis the lag of the most recently applied touch
     * @param overall          over every source in the window
     */
    public record Report(int samples, int window, Long currentLagMillis, Instant lastAppliedAt, Stats overall, Map<String, Stats> sources) {
    }

    public record Stats(int count, long p50Millis, long p99Millis, long maxMillis, long lastLagMillis, Instant lastAppliedAt) {
        static Stats of(List<Long> lags, Sample last) {
            List<Long> sorted = lags.stream().sorted().toList();
            return new Stats(sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.getLast(),
                    last.lagMillis(), last.appliedAt());
        }

        /** Nearest-rank percentile. */
        static long percentile(List<Long> sorted, double p) {
            int rank = (int) Math.ceil(p * sorted.size());
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
        }
    }
}
