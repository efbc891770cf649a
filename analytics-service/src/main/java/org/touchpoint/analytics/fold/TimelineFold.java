package org.touchpoint.analytics.fold;

import java.nio.charset.StandardCharsets;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldContext;
import org.touchpoint.kit.folding.FoldOutcome;

/** Every touch of every customer (and account) of one generation, newest first, in per-customer documents. */
public class TimelineFold implements Fold<TimelineHead> {

    private final int generation;
    private final EventCodec codec;

    public TimelineFold(int generation, EventCodec codec) {
        this.generation = generation;
        this.codec = codec;
    }

    @Override
    public String name() {
        return "analytics-timeline";
    }

    @Override
    public Class<TimelineHead> type() {
        return TimelineHead.class;
    }

    @Override
    public String collection() {
        return ViewCollections.timeline(generation);
    }

    @Override
    public TimelineHead create(String id) {
        return new TimelineHead(id);
    }

    @Override
    public String viewIdOf(CrmEvent<Touch> touch) {
        return touch.data().customerId();
    }

    @Override
    public FoldOutcome apply(TimelineHead head, CrmEvent<Touch> event, FoldContext context) {
        Touch t = event.data();
        if (TouchKinds.CONTACT_DELETED.equals(t.kind()) || TouchKinds.CUSTOMER_ERASED.equals(t.kind())) {
            head.eraseArchives(ViewCollections.timelineArchive(generation), context);
            return FoldOutcome.FORGET;
        }
        head.add(new TimelineEntry(event.id(), TimelineEntry.keyOf(t.occurredAt(), event.id()), t.occurredAt(), t.kind(), t.channel(),
                sourceService(event.source()), new String(codec.writeData(t), StandardCharsets.UTF_8)), ViewCollections.timelineArchive(generation), context);
        return FoldOutcome.CHANGED;
    }

    /** Only tombstones: a profile snapshot is not a touch. */
    @Override
    public String viewIdOfProfile(String customerId, CrmEvent<CustomerProfile> profile) {
        return profile == null ? customerId : null;
    }

    @Override
    public FoldOutcome applyTombstone(TimelineHead head, FoldContext context) {
        head.eraseArchives(ViewCollections.timelineArchive(generation), context);
        return FoldOutcome.FORGET;
    }

    /** {@code /crm/sales-service} → {@code sales-service}. */
    public static String sourceService(String source) {
        if (source == null) {
            return "unknown";
        }
        int slash = source.lastIndexOf('/');
        return slash >= 0 ? source.substring(slash + 1) : source;
    }
}
