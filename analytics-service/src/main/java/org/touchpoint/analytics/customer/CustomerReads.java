package org.touchpoint.analytics.customer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.touchpoint.analytics.dashboard.RfmScores;
import org.touchpoint.analytics.fold.AccountView;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.TimelineEntry;
import org.touchpoint.analytics.fold.TimelineHead;
import org.touchpoint.analytics.fold.ViewCollections;
import org.touchpoint.analytics.generation.Generations;
import org.touchpoint.events.Channels;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.EventTypes;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.Page;

/**
 * Reads of one customer from the active generation, by {@code _id} only: the 360 view (the customer's document, its
 * account's, and the cached RFM thresholds) and the timeline (its head document, then archive buckets as far as the page
 * needs).
 */
@Service
class CustomerReads {

    static final int MAX_FILTER_VALUES = 50;

    private final Generations generations;
    private final MongoTemplate mongo;
    private final RfmScores rfm;
    private final EventCodec codec;
    private final Clock clock;

    CustomerReads(Generations generations, MongoTemplate mongo, RfmScores rfm, EventCodec codec, Clock clock) {
        this.generations = generations;
        this.mongo = mongo;
        this.rfm = rfm;
        this.codec = codec;
        this.clock = clock;
    }

    Customer360 view360(String customerId) {
        int generation = generations.current().active();
        CustomerView v = mongo.findById(customerId, CustomerView.class, ViewCollections.customers(generation));
        if (v == null || v.isForgotten()) {
            throw CrmApiException.notFound("customer", customerId);
        }
        String accountId = v.getAccountId();
        AccountView account = accountId == null ? null : mongo.findById(accountId, AccountView.class, ViewCollections.accounts(generation));
        return Customer360.of(v, account, rfm.model(generation), clock.instant());
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
        TimelineHead head = mongo.findById(customerId, TimelineHead.class, ViewCollections.timeline(generation));
        if (head == null || head.isForgotten()) {
            CustomerView v = head != null ? null : mongo.findById(customerId, CustomerView.class, ViewCollections.customers(generation));
            if (v == null || v.isForgotten()) {
                throw CrmApiException.notFound("customer", customerId);
            }
            return new Page<>(List.of(), null);
        }
        List<TimelineEntry> found = new ArrayList<>(size + 1);
        collect(head.entries(), kindList, channelList, beforeTime, after, found, size + 1);
        String archive = ViewCollections.timelineArchive(generation);
        for (TimelineHead.Bucket b : head.archives()) {
            if (found.size() > size) {
                break;
            }
            if (after != null && b.oldest.compareTo(after) >= 0) {
                continue; // every entry of this bucket is at or above the cursor
            }
            Document bucket = mongo.findOne(Query.query(Criteria.where("_id").is(customerId + "#" + b.n)), Document.class, archive);
            collect(TimelineHead.entriesOf(bucket), kindList, channelList, beforeTime, after, found, size + 1);
        }
        boolean more = found.size() > size;
        List<TimelineEntry> page = more ? found.subList(0, size) : found;
        return new Page<>(page.stream().map(this::item).toList(), more ? Page.encodeCursor(page.getLast().sortKey()) : null);
    }

    private static void collect(List<TimelineEntry> entries, List<String> kinds, List<String> channels, Instant before, String after,
                                List<TimelineEntry> into, int max) {
        for (TimelineEntry e : entries) {
            if (into.size() >= max) {
                return;
            }
            if ((after == null || e.sortKey().compareTo(after) < 0)
                    && (before == null || e.occurredAt().isBefore(before))
                    && (kinds.isEmpty() || kinds.contains(e.kind()))
                    && (channels.isEmpty() || channels.contains(e.channel()))) {
                into.add(e);
            }
        }
    }

    private TimelineItem item(TimelineEntry e) {
        Touch t = codec.readTouchData(e.touch().getBytes(StandardCharsets.UTF_8));
        return new TimelineItem(e.eventId(), t.kind(), t.channel(), t.occurredAt(), t.actor(), t.summary(), e.source(), t.refs(),
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
