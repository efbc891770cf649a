package org.touchpoint.support.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * One SLA clock (first response or resolution) of a case: a target in (business) time, the time consumed so far,
 * and when it runs, the instants at which it warns and breaches. It pauses while the case waits for the customer,
 * and stops when the target is reached (met, or breached and then completed). The warning and the breach are
 * each recorded once ({@link #warnedAt}, {@link #breachedAt}), which is what makes the scheduler fire them once.
 */
public class SlaTimer {

    private long targetMillis;
    /** Business time consumed while running, up to {@link #runningSince} (or up to the stop). */
    private long consumedMillis;
    /** Running since this instant; null while paused or stopped. */
    private Instant runningSince;
    private Instant dueAt;
    private Instant warnAt;
    private Instant warnedAt;
    private Instant breachedAt;
    private Instant stoppedAt;

    SlaTimer() {
    }

    public static SlaTimer start(Duration target, Instant now, CalendarSpec calendar, double warnShare) {
        SlaTimer t = new SlaTimer();
        t.targetMillis = target.toMillis();
        t.runningSince = now;
        t.schedule(calendar, warnShare);
        return t;
    }

    private void schedule(CalendarSpec calendar, double warnShare) {
        long left = targetMillis - consumedMillis;
        dueAt = CalendarSpec.plus(calendar, runningSince, Duration.ofMillis(Math.max(0, left)));
        long warnLeft = (long) (targetMillis * warnShare) - consumedMillis;
        warnAt = CalendarSpec.plus(calendar, runningSince, Duration.ofMillis(Math.max(0, warnLeft)));
    }

    public void pause(Instant now, CalendarSpec calendar) {
        if (runningSince == null) {
            return;
        }
        consumedMillis += CalendarSpec.between(calendar, runningSince, now).toMillis();
        runningSince = null;
        dueAt = null;
        warnAt = null;
    }

    public void resume(Instant now, CalendarSpec calendar, double warnShare) {
        if (runningSince != null) {
            return;
        }
        stoppedAt = null;
        runningSince = now;
        schedule(calendar, warnShare);
    }

    public void stop(Instant now, CalendarSpec calendar) {
        if (stoppedAt != null) {
            return;
        }
        pause(now, calendar);
        stoppedAt = now;
    }

    /** Business time consumed up to {@code now}. */
    public Duration consumed(Instant now, CalendarSpec calendar) {
        long running = runningSince == null ? 0 : CalendarSpec.between(calendar, runningSince, now).toMillis();
        return Duration.ofMillis(consumedMillis + running);
    }

    public boolean breachDue(Instant now) {
        return runningSince != null && breachedAt == null && dueAt != null && !now.isBefore(dueAt);
    }

    public boolean warningDue(Instant now) {
        return runningSince != null && breachedAt == null && warnedAt == null && warnAt != null && !now.isBefore(warnAt);
    }

    public void markWarned(Instant now) {
        warnedAt = now;
    }

    public void markBreached(Instant now) {
        breachedAt = now;
        if (warnedAt == null) {
            warnedAt = now; // a breach says more than the warning it makes redundant
        }
    }

    /** When the scheduler must look at this clock next, or null when nothing is pending. */
    public Instant nextCheck() {
        if (runningSince == null || breachedAt != null) {
            return null;
        }
        return warnedAt == null ? warnAt : dueAt;
    }

    public String state() {
        if (breachedAt != null) {
            return "breached";
        }
        if (stoppedAt != null) {
            return "met";
        }
        return runningSince == null ? "paused" : "running";
    }

    public boolean met() {
        return stoppedAt != null && breachedAt == null;
    }

    public boolean stopped() {
        return stoppedAt != null;
    }

    public Duration target() {
        return Duration.ofMillis(targetMillis);
    }

    public Instant dueAt() {
        return dueAt;
    }

    public Instant warnedAt() {
        return warnedAt;
    }

    public Instant breachedAt() {
        return breachedAt;
    }

    public Instant stoppedAt() {
        return stoppedAt;
    }
}
