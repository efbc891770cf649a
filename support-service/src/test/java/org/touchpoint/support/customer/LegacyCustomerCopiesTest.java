package org.touchpoint.support.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventTypes;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.folding.BatchEnds;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.folding.FoldEngine;
import org.touchpoint.kit.folding.FoldEvent;
import org.touchpoint.kit.test.TestInfrastructure;

/** Copies written by the handlers before the customer fold are adopted by it, with what they held. */
class LegacyCustomerCopiesTest {

    private static final Instant T0 = Instant.parse("2026-11-10T09:00:00Z");
    private static MongoClient client;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestInfrastructure.mongoUri());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static CrmEvent<Touch> call(String id, Instant at) {
        Touch t = Touch.builder("con_old", "call.logged").channel(Channels.PHONE).occurredAt(at).build();
        return new CrmEvent<>(id, EventTypes.source("sales-service"), EventTypes.touchV1(t.kind()), "con_old", at, null, t);
    }

    @Test
    void aCopyWrittenBeforeTheFoldKeepsItsContentAndItsAppliedEventsAndTakesNewTouches() {
        MongoTemplate mongo = new MongoTemplate(client, "support_legacy_" + UUID.randomUUID().toString().replace("-", ""));
        // as TouchFoldHandler and ProfileCopyHandler left it, through AppliedEvents
        mongo.insert(new Document("_id", "con_old").append("firstSeenAt", Date.from(T0)).append("touchAccountId", "acc_1")
                .append("profile", new Document("displayName", "Lucía Gómez").append("accountId", null).append("tags", List.of("vip")))
                .append("profileVersion", 3L)
                .append("recentTouches", List.of(new Document("eventId", "evt_1").append("kind", "call.logged")
                        .append("channel", "phone").append("occurredAt", Date.from(T0))))
                .append("opportunityEvents", List.of(new Document("occurredAt", Date.from(T0)).append("kind", "opportunity.created")
                        .append("opportunityId", "opp_1").append("probability", 60.0).append("amount", "52000.00").append("currency", "EUR")))
                .append("appliedEvents", List.of("evt_1")), SupportCustomerFold.COLLECTION);
        mongo.insert(new Document("_id", "con_gone").append("forgotten", true), SupportCustomerFold.COLLECTION);

        new LegacyCustomerCopies(mongo, Clock.systemUTC()).adopt();
        FoldEngine engine = new FoldEngine(mongo, new EmbeddedMongo(mongo, "auto"), Clock.systemUTC(), 64, 4, new SimpleMeterRegistry());
        List<FoldEvent> batch = List.of(FoldEvent.touch(0, Topics.TOUCHES, 0, 10, call("evt_1", T0)), // redelivered across the upgrade
                FoldEvent.touch(1, Topics.TOUCHES, 0, 11, call("evt_2", T0.plusSeconds(60))),
                FoldEvent.touch(2, Topics.TOUCHES, 0, 12, CrmEvent.touch("sales-service",
                        Touch.builder("con_gone", "call.logged").occurredAt(T0).build(), null)));
        FoldEngine.Report report = engine.fold(new SupportCustomerFold(50), batch, new BatchEnds().put(Topics.TOUCHES, 0, 12));

        assertThat(report.status(0)).isEqualTo(FoldEngine.Status.DUPLICATE);
        assertThat(report.status(1)).isEqualTo(FoldEngine.Status.APPLIED);
        assertThat(report.status(2)).isEqualTo(FoldEngine.Status.FORGOTTEN);
        CustomerCopy copy = new CustomerDirectory(mongo).find("con_old").orElseThrow();
        assertThat(copy.profile().displayName()).isEqualTo("Lucía Gómez");
        assertThat(copy.recentTouches()).extracting(CustomerCopy.RecentTouch::eventId).containsExactly("evt_1", "evt_2");
        assertThat(copy.dealHistory()).singleElement().satisfies(d -> {
            assertThat(d.probability()).isEqualTo(60);
            assertThat(d.amount()).isEqualTo("52000.00");
        });
        assertThat(new CustomerDirectory(mongo).accountOf("con_old")).contains("acc_1");
        assertThat(new CustomerDirectory(mongo).find("con_gone")).isEmpty();
    }
}
