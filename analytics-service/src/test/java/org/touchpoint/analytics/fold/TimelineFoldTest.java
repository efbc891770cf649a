package org.touchpoint.analytics.fold;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.BatchEnds;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.folding.FoldEngine;
import org.touchpoint.kit.folding.FoldEvent;
import org.touchpoint.kit.test.TestInfrastructure;

/** A customer's timeline in a head document and archive buckets: every touch once, in order, whatever the arrival order. */
class TimelineFoldTest {

    private static MongoClient client;
    private static MongoTemplate mongo;
    private static int generation = 900 + new Random().nextInt(90);
    private final FoldEngine engine = new FoldEngine(mongo, new EmbeddedMongo(mongo, "auto"), Clock.systemUTC(), 256, 8, new SimpleMeterRegistry());
    private final TimelineFold fold = new TimelineFold(generation, new EventCodec());
    private long offset;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestInfrastructure.mongoUri());
        mongo = new MongoTemplate(client, "timeline_fold_test");
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private FoldEvent touch(int index, String customer, Instant at) {
        Touch t = Touch.builder(customer, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(at).summary("call " + at).build();
        return FoldEvent.touch(index, Topics.TOUCHES, 0, offset++, CrmEvent.touch("sales-service", t, null));
    }

    private List<String> everyEntry(String customer) {
        Document head = mongo.findById(customer, Document.class, ViewCollections.timeline(generation));
        List<TimelineEntry> all = new ArrayList<>();
        head.getList("entries", Document.class).forEach(d -> all.add(TimelineEntry.of(d)));
        for (Document b : mongo.findAll(Document.class, ViewCollections.timelineArchive(generation))) {
            if (String.valueOf(b.get("_id")).startsWith(customer + "#")) {
                all.addAll(TimelineHead.entriesOf(b));
            }
        }
        return all.stream().map(TimelineEntry::sortKey).toList();
    }

    @Test
    void everyTouchLandsOnceInOrderAcrossTheHeadAndTheArchivesWhateverTheArrivalOrder() {
        String customer = "con_tl" + System.nanoTime();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<FoldEvent> events = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            events.add(touch(i, customer, t0.plusSeconds(60L * i)));
        }
        List<FoldEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(3));
        // In batches of 40, in shuffled order (late, old touches go into the archive bucket whose range holds them).
        for (int from = 0; from < shuffled.size(); from += 40) {
            List<FoldEvent> batch = new ArrayList<>();
            for (FoldEvent e : shuffled.subList(from, Math.min(shuffled.size(), from + 40))) {
                batch.add(new FoldEvent(batch.size(), e.topic(), e.partition(), offset++, e.customerId(), e.touch(), null));
            }
            engine.fold(fold, batch, BatchEnds.NONE);
        }
        List<String> keys = everyEntry(customer);
        assertThat(keys).hasSize(260).doesNotHaveDuplicates();
        TimelineHead head = mongo.findById(customer, TimelineHead.class, ViewCollections.timeline(generation));
        assertThat(head.entries()).hasSizeLessThanOrEqualTo(TimelineHead.HEAD_MAX);
        assertThat(head.entries()).isSortedAccordingTo(Comparator.comparing(TimelineEntry::sortKey).reversed());
        assertThat(head.archives()).isNotEmpty();
        // Buckets hold disjoint, ordered ranges: newest bucket first, each one's entries newer than the next one's.
        for (int i = 1; i < head.archives().size(); i++) {
            assertThat(head.archives().get(i - 1).oldest).isGreaterThan(head.archives().get(i).newest);
        }
        assertThat(head.total()).isEqualTo(260);
    }

    @Test
    void erasingTheCustomerEmptiesTheHeadAndEveryArchiveBucket() {
        String customer = "con_tl_erased" + System.nanoTime();
        Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
        List<FoldEvent> batch = new ArrayList<>();
        for (int i = 0; i < 180; i++) {
            batch.add(touch(i, customer, t0.plusSeconds(i)));
        }
        engine.fold(fold, batch, BatchEnds.NONE);
        Touch erased = Touch.builder(customer, TouchKinds.CUSTOMER_ERASED).build();
        engine.fold(fold, List.of(FoldEvent.touch(0, Topics.TOUCHES, 0, offset++, CrmEvent.touch("customer-service", erased, null))), BatchEnds.NONE);

        Document head = mongo.findById(customer, Document.class, ViewCollections.timeline(generation));
        assertThat(head.getBoolean("forgotten")).isTrue();
        assertThat(head).doesNotContainKey("entries");
        for (Document b : mongo.findAll(Document.class, ViewCollections.timelineArchive(generation))) {
            if (String.valueOf(b.get("_id")).startsWith(customer + "#")) {
                assertThat(b).doesNotContainKey("entries");
            }
        }
    }
}
