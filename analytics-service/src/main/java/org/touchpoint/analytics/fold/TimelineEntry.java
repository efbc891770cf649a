package org.touchpoint.analytics.fold;

import java.time.Instant;
import org.bson.Document;

/**
 * One touch in a customer's (or an account's) timeline. {@code sortKey} orders newest first without ties (time, then
 * event id); {@code touch} is the touch's data as JSON, kept verbatim (its attributes are free-form).
 */
public record TimelineEntry(String eventId, String sortKey, Instant occurredAt, String kind, String channel, String source,
                            String touch) {

    static String keyOf(Instant occurredAt, String eventId) {
        return "%015d|%s".formatted(occurredAt.toEpochMilli(), eventId);
    }

    Document toBson() {
        return new Document("eventId", eventId).append("sortKey", sortKey).append("occurredAt", java.util.Date.from(occurredAt))
                .append("kind", kind).append("channel", channel).append("source", source).append("touch", touch);
    }

    public static TimelineEntry of(Document d) {
        Object at = d.get("occurredAt");
        return new TimelineEntry(d.getString("eventId"), d.getString("sortKey"),
                at instanceof java.util.Date date ? date.toInstant() : (Instant) at, d.getString("kind"), d.getString("channel"),
                d.getString("source"), d.getString("touch"));
    }
}
