package org.touchpoint.analytics.fold;

import org.springframework.stereotype.Component;
import org.touchpoint.analytics.freshness.FreshnessWindow;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventCodec.ProfileRecord;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.consumer.ProfileHandler;
import org.touchpoint.kit.consumer.TouchHandler;

/**
 * The live consumer (kit listeners, group {@code analytics-service}): folds every touch and profile into the
 * active generation and, while a rebuild runs, into its shadow too. The pointer is read for every record, so a
 * record polled after a rebuild opened its shadow always reaches the shadow: the replay stops at end offsets
 * captured after the shadow was opened, and live processing covers everything after them.
 */
@Component
class LiveFolding implements TouchHandler, ProfileHandler {

    private final Generations generations;
    private final ViewStore store;
    private final FreshnessWindow freshness;

    LiveFolding(Generations generations, ViewStore store, FreshnessWindow freshness) {
        this.generations = generations;
        this.store = store;
        this.freshness = freshness;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        Generations.Pointer p = generations.current();
        store.applyTouch(p.active(), event);
        if (p.shadow() != null) {
            store.applyTouch(p.shadow(), event);
        }
        freshness.record(ViewStore.sourceService(event.source()), event.data().occurredAt());
    }

    @Override
    public void onProfile(ProfileRecord record) {
        Generations.Pointer p = generations.current();
        store.applyProfile(p.active(), record);
        if (p.shadow() != null) {
            store.applyProfile(p.shadow(), record);
        }
    }
}
