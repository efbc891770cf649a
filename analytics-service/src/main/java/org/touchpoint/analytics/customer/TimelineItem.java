package org.touchpoint.analytics.customer;

import java.time.Instant;
import java.util.Map;
import org.touchpoint.events.Money;

/** One touch of a customer's timeline, as it was published, with the service it came from. */
public record TimelineItem(String eventId, String kind, String channel, Instant occurredAt, String actor, String summary,
                           String source, Map<String, String> refs, Money amount, Map<String, Object> attributes) {
}
