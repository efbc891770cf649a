package org.touchpoint.analytics.fold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.analytics.AnalyticsServiceTest;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;

/**
 * A shadow generation is fed by the live consumer and the replay at the same time, each applying the same events in
 * its own order: the result must equal applying each event once, in order.
 */
class ViewStoreConcurrencyTest extends AnalyticsServiceTest {

    @Autowired
    ViewStore store;
    @Autowired
    MongoTemplate mongo;

    @Test
    void twoAppliersRacingOnTheSameEventsFoldEachOnce() throws Exception {
        int sequential = 900_000 + new Random().nextInt(50_000);
        int raced = sequential + 50_000;
        String id = customerId();
        Instant t0 = Instant.parse("2026-09-01T08:00:00Z");
        List<CrmEvent<Touch>> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Touch.Builder b = switch (i % 4) {
                case 0 -> Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE);
                case 1 -> Touch.builder(id, TouchKinds.MESSAGE_OPENED).channel(Channels.EMAIL).ref("campaignId", "cmp_" + (i % 3));
                case 2 -> Touch.builder(id, TouchKinds.WORK_LOGGED).ref("caseId", "cas_" + (i % 5)).amount(new Money("12.50", "EUR")).attribute("minutes", 15);
                default -> Touch.builder(id, TouchKinds.OPPORTUNITY_STAGE_CHANGED).ref("opportunityId", "opp_" + (i % 2))
                        .attribute("stage", "s" + i).attribute("probability", i).amount(new Money(i + "00.00", "EUR"));
            };
            events.add(event("test-service", b.occurredAt(t0.plusSeconds(i * 60L)).build()));
        }
        try {
            events.forEach(e -> store.applyTouch(sequential, e));

            List<CrmEvent<Touch>> live = new ArrayList<>(events);
            List<CrmEvent<Touch>> replay = new ArrayList<>(events);
            Collections.shuffle(live, new Random(1));
            Collections.shuffle(replay, new Random(2));
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> {
                await(go);
                live.forEach(e -> store.applyTouch(raced, e));
            });
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> {
                await(go);
                replay.forEach(e -> store.applyTouch(raced, e));
            });
            go.countDown();
            CompletableFuture.allOf(a, b).get();

            assertThat(stored(raced, id)).isEqualTo(stored(sequential, id));
            assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(), ViewStore.timeline(raced))).isEqualTo(60);
            CustomerView v = store.customer(raced, id);
            assertThat(v.getTotalTouches()).isEqualTo(60);
            assertThat(v.getSupportCost()).containsExactly(new Amount("187.5", "EUR"));
        } finally {
            store.drop(sequential);
            store.drop(raced);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Document stored(int generation, String id) {
        Document d = mongo.findById(id, Document.class, ViewStore.customers(generation));
        assertThat(d).isNotNull();
        for (String bookkeeping : List.of("_id", "version", "updatedAt", "appliedEvents", "_class")) {
            d.remove(bookkeeping);
        }
        return d;
    }
}
