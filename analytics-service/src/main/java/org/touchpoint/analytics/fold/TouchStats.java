package org.touchpoint.analytics.fold;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;

/**
 * How often and when a customer was touched: totals, per channel (with the latest touch), per kind, and interactions
 * per UTC day for the last {@value #DAYS_KEPT} days before the latest (churn reads trends from them).
 */
public class TouchStats {

    static final int DAYS_KEPT = 400;

    public long total;
    /** Touches on a conversation channel (not {@code system}). */
    public long interactions;
    public Instant firstAt;
    /** The latest interaction (non-system touch). */
    public Instant lastAt;
    public Instant lastAnyAt;
    public List<ChannelStat> channels = new ArrayList<>();
    public List<KindCount> kinds = new ArrayList<>();
    public List<DayCount> days = new ArrayList<>();

    void apply(Touch t) {
        Instant at = t.occurredAt();
        total++;
        lastAnyAt = Lists.max(lastAnyAt, at);
        Lists.entry(kinds, k -> k.kind, t.kind(), () -> new KindCount(t.kind())).count++;
        if (Channels.SYSTEM.equals(t.channel())) {
            return;
        }
        interactions++;
        firstAt = Lists.min(firstAt, at);
        lastAt = Lists.max(lastAt, at);
        String channel = Channels.isKnown(t.channel()) ? t.channel() : "other";
        ChannelStat c = Lists.entry(channels, s -> s.channel, channel, () -> new ChannelStat(channel));
        c.count++;
        if (c.lastAt == null || !at.isBefore(c.lastAt)) {
            c.lastAt = at;
            c.lastKind = t.kind();
            c.lastSummary = t.summary();
        }
        String day = at.atZone(ZoneOffset.UTC).toLocalDate().toString();
        Lists.entry(days, d -> d.day, day, () -> new DayCount(day)).count++;
        String oldest = LocalDate.parse(days.getLast().day).minusDays(DAYS_KEPT).toString();
        days.removeIf(d -> d.day.compareTo(oldest) < 0);
    }

    /** Interactions on the UTC days from {@code fromInclusive} to {@code toExclusive}. */
    public long interactionsBetween(LocalDate fromInclusive, LocalDate toExclusive) {
        String from = fromInclusive.toString();
        String to = toExclusive.toString();
        return days.stream().filter(d -> d.day.compareTo(from) >= 0 && d.day.compareTo(to) < 0).mapToLong(d -> d.count).sum();
    }

    /** The UTC day of the latest interaction, or null. */
    public LocalDate lastDay() {
        return lastAt == null ? null : lastAt.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** Touches on one channel: how many, and the latest. */
    public static class ChannelStat {
        public String channel;
        public long count;
        public Instant lastAt;
        public String lastKind;
        public String lastSummary;

        ChannelStat() {
        }

        ChannelStat(String channel) {
            this.channel = channel;
        }
    }

    public static class KindCount {
        public String kind;
        public long count;

        KindCount() {
        }

        KindCount(String kind) {
            this.kind = kind;
        }
    }

    /** Interactions on one UTC day ({@code YYYY-MM-DD}). */
    public static class DayCount {
        public String day;
        public long count;

        DayCount() {
        }

        DayCount(String day) {
            this.day = day;
        }
    }
}
