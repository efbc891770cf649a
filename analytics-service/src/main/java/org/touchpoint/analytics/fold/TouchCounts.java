package org.touchpoint.analytics.fold;

import java.time.ZoneOffset;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.folding.FoldContext;

/** Touches per UTC day and channel, counted once per touch into month aggregates ({@code touches:2026-12}). */
public final class TouchCounts {

    public static final String CUSTOMER_PREFIX = "touches:";
    public static final String ACCOUNT_PREFIX = "account-touches:";

    private TouchCounts() {
    }

    static void count(String prefix, Touch t, FoldContext context) {
        String day = t.occurredAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
        String channel = Channels.isKnown(t.channel()) ? t.channel() : "other";
        context.increment(prefix + day.substring(0, 7), day + "|" + channel, 1);
    }
}
