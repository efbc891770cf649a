package org.touchpoint.support.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Business hours: a time zone, the open weekdays and one open..close window per open day. SLA clocks under a
 * calendar count only time inside these windows. A null calendar means around the clock.
 *
 * @param weekdays {@code MONDAY}..{@code SUNDAY}
 * @param open     {@code HH:mm}
 * @param close    {@code HH:mm}, after open
 */
public record CalendarSpec(String id, String timezone, List<String> weekdays, String open, String close) {

    /** Days searched at most when adding business time (ten years): a guard, never reached by a valid calendar. */
    private static final int MAX_DAYS = 3660;

    /** Business time between two instants (zero when {@code to} is not after {@code from}). */
    public static Duration between(CalendarSpec calendar, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (calendar == null) {
            return Duration.between(from, to);
        }
        ZoneId zone = ZoneId.of(calendar.timezone);
        LocalDate day = from.atZone(zone).toLocalDate();
        LocalDate last = to.atZone(zone).toLocalDate();
        Duration total = Duration.ZERO;
        for (int i = 0; !day.isAfter(last) && i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!calendar.isOpenOn(day)) {
                continue;
            }
            Instant opens = day.atTime(LocalTime.parse(calendar.open)).atZone(zone).toInstant();
            Instant closes = day.atTime(LocalTime.parse(calendar.close)).atZone(zone).toInstant();
            Instant start = opens.isAfter(from) ? opens : from;
            Instant end = closes.isBefore(to) ? closes : to;
            if (end.isAfter(start)) {
                total = total.plus(Duration.between(start, end));
            }
        }
        return total;
    }

    /** The instant when {@code amount} of business time will have passed after {@code from}. */
    public static Instant plus(CalendarSpec calendar, Instant from, Duration amount) {
        if (calendar == null || amount.isZero() || amount.isNegative()) {
            return from.plus(amount.isNegative() ? Duration.ZERO : amount);
        }
        ZoneId zone = ZoneId.of(calendar.timezone);
        Duration remaining = amount;
        Instant cursor = from;
        LocalDate day = from.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!calendar.isOpenOn(day)) {
                continue;
            }
            Instant opens = day.atTime(LocalTime.parse(calendar.open)).atZone(zone).toInstant();
            Instant closes = day.atTime(LocalTime.parse(calendar.close)).atZone(zone).toInstant();
            Instant start = opens.isAfter(cursor) ? opens : cursor;
            if (!closes.isAfter(start)) {
                continue;
            }
            Duration available = Duration.between(start, closes);
            if (remaining.compareTo(available) <= 0) {
                return start.plus(remaining);
            }
            remaining = remaining.minus(available);
        }
        throw new IllegalStateException("calendar " + calendar.id + " has no business hours in ten years");
    }

    boolean isOpenOn(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekdays.contains(weekday.name());
    }
}
