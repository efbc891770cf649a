package org.touchpoint.customer.activity;

import java.time.Instant;
import java.util.Map;

/**
 * What the touches say about a contact: when the customer was last touched, and how often per channel.
 * Folded from crm.touches; the service's own administrative touches (channel {@code system}) do not count.
 */
public record ActivityView(Instant lastTouchAt, Map<String, Long> touchCounts, long totalTouches) {

    public static final ActivityView NONE = new ActivityView(null, Map.of(), 0);
}
