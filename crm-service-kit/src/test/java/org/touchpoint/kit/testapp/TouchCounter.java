package org.touchpoint.kit.testapp;

import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.consumer.AppliedEvents;
import org.touchpoint.kit.consumer.TouchHandler;

/** Counts touches per customer, exactly once per event id; kind {@code test.explode} always fails. */
@Component
class TouchCounter implements TouchHandler {

    static final String COLLECTION = "touch_counts";
    private final AppliedEvents applied;

    TouchCounter(AppliedEvents applied) {
        this.applied = applied;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        if ("test.explode".equals(event.data().kind())) {
            throw new IllegalStateException("this handler cannot apply " + event.id());
        }
        applied.applyOnce(COLLECTION, event.data().customerId(), event.id(),
                new Update().inc("count", 1).set("lastKind", event.data().kind()));
    }
}
