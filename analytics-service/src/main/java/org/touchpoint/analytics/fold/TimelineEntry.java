package org.touchpoint.analytics.fold;

import java.time.Instant;
import org.springframework.data.annotation.Id;

/**
 * One touch in a customer's (or an account's) timeline. Its id is the event id, so it is also the durable
 * marker that the event was applied. {@code sortKey} orders newest first without ties (time, then event id);
 * {@code touch} is the touch's data as JSON, kept verbatim (its attributes are free-form).
 */
public record TimelineEntry(@Id String id, String customerId, String sortKey, Instant occurredAt, String day,
                            String kind, String channel, String source, String touch) {

    static String sortKey(Instant occurredAt, String eventId) {
        return "%015d|%s".formatted(occurredAt.toEpochMilli(), eventId);
    }
}
