package org.touchpoint.customer.activity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.folding.FoldedView;

/**
 * What the touches say about one contact (document id = contact id), folded by {@link ContactActivityFold}: when the
 * customer was last touched, and how often per channel. Persisted state, never an API response ({@link #toView}).
 */
public class ContactActivity extends FoldedView {

    /** Per channel; only known channel names (or {@code other}) ever become keys, so a touch never writes a path. */
    Map<String, Long> touchCounts = new LinkedHashMap<>();
    long totalTouches;
    Instant lastTouchAt;

    ContactActivity() {
    }

    ContactActivity(String contactId) {
        super(contactId);
    }

    /** Counts an interaction; an older touch arriving late counts but does not move {@code lastTouchAt} back. */
    void count(Touch touch) {
        String channel = Channels.isKnown(touch.channel()) ? touch.channel() : "other";
        touchCounts.merge(channel, 1L, Long::sum);
        totalTouches++;
        if (lastTouchAt == null || touch.occurredAt().isAfter(lastTouchAt)) {
            lastTouchAt = touch.occurredAt();
        }
    }

    ActivityView toView() {
        return isForgotten() ? ActivityView.NONE : new ActivityView(lastTouchAt, Map.copyOf(touchCounts), totalTouches);
    }
}
