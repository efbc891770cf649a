package org.touchpoint.customer.activity;

import java.util.Date;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.consumer.AppliedEvents;
import org.touchpoint.kit.consumer.TouchHandler;

/**
 * The first consumer of crm.touches: keeps, per customer, the last touch time and the count per channel.
 * Applied once per event id in one single-document write, so a redelivered touch changes nothing.
 */
@Component
class TouchActivityHandler implements TouchHandler {

    private final AppliedEvents applied;

    TouchActivityHandler(AppliedEvents applied) {
        this.applied = applied;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        Touch touch = event.data();
        if (Channels.SYSTEM.equals(touch.channel())) {
            return; // administrative changes are not interactions with the customer
        }
        // Only known channel names become field names: a touch can never write an arbitrary path.
        String channel = Channels.isKnown(touch.channel()) ? touch.channel() : "other";
        applied.applyOnce(ContactActivity.COLLECTION, touch.customerId(), event.id(), new Update()
                .inc("touchCounts." + channel, 1)
                .inc("totalTouches", 1)
                .max("lastTouchAt", Date.from(touch.occurredAt())));
    }
}
