package org.touchpoint.support.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Business-time arithmetic of calendars and the SLA timer. */
class CalendarSpecTest {

    /** Mon–Fri 09:00–18:00 in Madrid (UTC+1 in November). */
    private static final CalendarSpec MADRID = new CalendarSpec("madrid", "Europe/Madrid",
            List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"), "09:00", "18:00");

    @Test
    void aroundTheClockWithoutACalendar() {
        Instant from = Instant.parse("2026-11-20T10:00:00Z");
        assertThat(CalendarSpec.plus(null, from, Duration.ofHours(30))).isEqualTo(Instant.parse("2026-11-21T16:00:00Z"));
        assertThat(CalendarSpec.between(null, from, from.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void addingBusinessTimeSkipsNightsAndWeekends() {
        // Friday 2026-11-20 16:00 Madrid (15:00Z): 2 h left on Friday, the rest on Monday from 09:00
        Instant friday = Instant.parse("2026-11-20T15:00:00Z");
        assertThat(CalendarSpec.plus(MADRID, friday, Duration.ofHours(4))).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        // a Saturday start counts from Monday's opening
        assertThat(CalendarSpec.plus(MADRID, Instant.parse("2026-11-21T12:00:00Z"), Duration.ofMinutes(30)))
                .isEqualTo(Instant.parse("2026-11-23T08:30:00Z"));
    }

    @Test
    void businessTimeBetweenTwoInstantsCountsOnlyOpenHours() {
        Instant friday = Instant.parse("2026-11-20T15:00:00Z");
        Instant monday = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(CalendarSpec.between(MADRID, friday, monday)).isEqualTo(Duration.ofHours(4));
        assertThat(CalendarSpec.between(MADRID, monday, friday)).isZero();
    }

    @Test
    void aTimerPausedOverAWeekendLosesNoTime() {
        Instant start = Instant.parse("2026-11-20T15:00:00Z");
        SlaTimer t = SlaTimer.start(Duration.ofHours(4), start, MADRID, 0.8);
        assertThat(t.dueAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        t.pause(Instant.parse("2026-11-20T16:00:00Z"), MADRID); // 1 h consumed
        assertThat(t.nextCheck()).isNull();
        assertThat(t.state()).isEqualTo("paused");
        t.resume(Instant.parse("2026-11-24T08:00:00Z"), MADRID, 0.8); // Tuesday 09:00 Madrid
        assertThat(t.dueAt()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
        t.stop(Instant.parse("2026-11-24T09:00:00Z"), MADRID);
        assertThat(t.consumed(Instant.parse("2026-12-01T00:00:00Z"), MADRID)).isEqualTo(Duration.ofHours(2));
        assertThat(t.met()).isTrue();
    }
}
