package org.touchpoint.support.sla;

import java.time.Duration;

/** The targets a case is opened under: a snapshot, so later policy edits do not move a running clock. */
public record AppliedPolicy(String tier, String priority, Duration firstResponse, Duration resolution, CalendarSpec calendar) {
}
