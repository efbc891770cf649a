package org.touchpoint.analytics.customer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;
import org.touchpoint.analytics.dashboard.RfmScores;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.Generations;
import org.touchpoint.analytics.fold.TimelineEntry;
import org.touchpoint.analytics.fold.ViewStore;
import org.touchpoint.events.Channels;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.EventTypes;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.Page;

/** Reads of one customer from the active generation: the 360 view and the timeline. */
@Service
class CustomerViews {

    static final int MAX_FILTER_VALUES = 50;

    private final Generations generations;
    private final ViewStore store;
    private final RfmScores rfm;
    private final EventCodec codec;
    private final Clock clock;

    CustomerViews(Generations generations, ViewStore store, RfmScores rfm, EventCodec codec, Clock clock) {
        this.generations = generations;
        this.store = store;
        this.rfm = rfm;
        this.codec = codec;
        this.clock = clock;
    }

    Customer360 view360(String customerId) {
        int generation = generations.current().active();
        CustomerView v = store.customer(generation, customerId);
        if (v == null) {
            throw CrmApiException.notFound("customer", customerId);
        }
        Instant now = clock.instant();
        return Customer360.of(v, store.account(generation, v.getAccountId()), rfm.model(generation), now);
    }

    Page<TimelineItem> timeline(String customerId, String kinds, String channels, String before, Integer limit, String cursor) {
        List<String> kindList = split("kinds", kinds);
        for (String k : kindList) {
            if (!EventTypes.isValidKind(k)) {
                throw CrmApiException.badRequest("kinds", "'" + k + "' is not a touch kind");
            }
        }
        List<String> channelList = split("channels", channels);
        for (String c : channelList) {
            if (!Channels.isKnown(c)) {
                throw CrmApiException.badRequest("channels", "'" + c + "' is not one of " + Channels.ALL.stream().sorted().toList());
            }
        }
        Instant beforeTime = null;
        if (before != null && !before.isBlank()) {
            try {
                beforeTime = Instant.parse(before);
            } catch (DateTimeParseException e) {
                throw CrmApiException.badRequest("before", "must be an ISO-8601 UTC time such as 2026-11-20T10:15:30Z");
            }
        }
        int size = Page.checkLimit(limit);
        String after = Page.decodeCursor(cursor);

        int generation = generations.current().active();
        CustomerView v = store.customer(generation, customerId);
        if (v == null && !store.hasTimeline(generation, customerId)) {
            throw CrmApiException.notFound("customer", customerId);
        }
        List<TimelineEntry> found = store.timeline(generation, customerId, kindList, channelList, beforeTime, after, size + 1);
        boolean more = found.size() > size;
        List<TimelineEntry> page = more ? found.subList(0, size) : found;
        List<TimelineItem> items = page.stream().map(this::item).toList();
        return new Page<>(items, more ? Page.encodeCursor(page.getLast().sortKey()) : null);
    }

    private TimelineItem item(TimelineEntry e) {
        Touch t = codec.readTouchData(e.touch().getBytes(StandardCharsets.UTF_8));
        return new TimelineItem(e.id(), t.kind(), t.channel(), t.occurredAt(), t.actor(), t.summary(), e.source(), t.refs(),
                t.amount(), t.attributes());
    }

    private static List<String> split(String field, String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList());
        if (out.size() > MAX_FILTER_VALUES) {
            throw CrmApiException.badRequest(field, "at most " + MAX_FILTER_VALUES + " values");
        }
        return out;
    }
}
