package org.touchpoint.kit.folding;

import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Touch;

/**
 * One decoded record of a batch, with where it came from: a touch, a profile snapshot, or a tombstone
 * ({@code profile} null). {@code index} is its position in the batch.
 */
public record FoldEvent(int index, String topic, int partition, long offset, String customerId, CrmEvent<Touch> touch,
                        CrmEvent<CustomerProfile> profile) {

    public static FoldEvent touch(int index, String topic, int partition, long offset, CrmEvent<Touch> touch) {
        return new FoldEvent(index, topic, partition, offset, touch.data().customerId(), touch, null);
    }

    public static FoldEvent profile(int index, String topic, int partition, long offset, String customerId,
                                    CrmEvent<CustomerProfile> profile) {
        return new FoldEvent(index, topic, partition, offset, customerId, null, profile);
    }

    public boolean isTouch() {
        return touch != null;
    }

    public boolean isTombstone() {
        return touch == null && profile == null;
    }

    /** The event id by which redeliveries are recognised; a tombstone has none (forgetting twice changes nothing). */
    public String eventId() {
        return touch != null ? touch.id() : profile != null ? profile.id() : null;
    }
}
