package org.touchpoint.customer.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.BatchEnds;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.folding.FoldEngine;
import org.touchpoint.kit.folding.FoldEvent;
import org.touchpoint.kit.test.TestInfrastructure;

/** The contact activity fold driven by the kit's engine on mongo-java-server, without Kafka: a list of events is a batch. */
class ContactActivityFoldTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static MongoClient client;
    private MongoTemplate mongo;
    private String database;
    private FoldEngine engine;
    private final ContactActivityFold fold = new ContactActivityFold();
    private long offset;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestInfrastructure.mongoUri());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @BeforeEach
    void setUp() {
        database = "activity_fold_" + UUID.randomUUID().toString().replace("-", "");
        mongo = new MongoTemplate(client, database);
        engine = new FoldEngine(mongo, new EmbeddedMongo(mongo, "auto"), Clock.systemUTC(), 64, 4, new SimpleMeterRegistry());
    }

    @AfterEach
    void dropDatabase() {
        client.getDatabase(database).drop();
    }

    private FoldEvent touch(String source, String contact, String kind, String channel, Instant at) {
        Touch t = Touch.builder(contact, kind).channel(channel).occurredAt(at).build();
        return FoldEvent.touch(0, Topics.TOUCHES, 0, offset++, CrmEvent.touch(source, t, null));
    }

    private FoldEvent call(String contact, Instant at) {
        return touch("sales-service", contact, TouchKinds.CALL_LOGGED, Channels.PHONE, at);
    }

    private FoldEvent tombstone(String contact) {
        return FoldEvent.profile(0, Topics.CUSTOMER_PROFILES, 0, offset++, contact, null);
    }

    private FoldEvent profile(String contact, long version) {
        CustomerProfile p = new CustomerProfile(contact, null, null, "Ana", null, "Ana", null, null, null, null, null, "lead",
                Map.of(), List.of(), version, T0);
        return FoldEvent.profile(0, Topics.CUSTOMER_PROFILES, 0, offset++, contact, CrmEvent.profile("customer-service", p, null));
    }

    /** Folds the events as one batch, in this order. */
    private FoldEngine.Report fold(FoldEvent... events) {
        List<FoldEvent> batch = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            FoldEvent e = events[i];
            batch.add(new FoldEvent(i, e.topic(), e.partition(), e.offset(), e.customerId(), e.touch(), e.profile()));
        }
        BatchEnds ends = new BatchEnds();
        batch.forEach(e -> ends.put(e.topic(), e.partition(), e.offset()));
        return engine.fold(fold, batch, ends);
    }

    private ActivityView activity(String contact) {
        ContactActivity a = mongo.findById(contact, ContactActivity.class, ContactActivityFold.COLLECTION);
        return a == null ? ActivityView.NONE : a.toView();
    }

    private Document stored(String contact) {
        return mongo.findById(contact, Document.class, ContactActivityFold.COLLECTION);
    }

    @Test
    void aBatchOfSeveralContactsCountsEachOnesInteractionsPerChannel() {
        FoldEngine.Report report = fold(call("con_a", T0), touch("marketing-service", "con_b", TouchKinds.MESSAGE_OPENED, Channels.EMAIL, T0),
                touch("marketing-service", "con_a", TouchKinds.MESSAGE_OPENED, Channels.EMAIL, T0.plusSeconds(60)),
                call("con_a", T0.plusSeconds(30)));

        assertThat(report.viewsWritten()).isEqualTo(2);
        assertThat(activity("con_a").touchCounts()).isEqualTo(Map.of("phone", 2L, "email", 1L));
        assertThat(activity("con_a").totalTouches()).isEqualTo(3);
        assertThat(activity("con_a").lastTouchAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(activity("con_b").touchCounts()).isEqualTo(Map.of("email", 1L));
    }

    @Test
    void aRedeliveredTouchChangesNothing() {
        FoldEvent first = call("con_a", T0);
        fold(first, call("con_a", T0.plusSeconds(5)));
        long version = stored("con_a").getLong("version");

        FoldEngine.Report again = fold(first);

        assertThat(again.status(0)).isEqualTo(FoldEngine.Status.DUPLICATE);
        assertThat(again.viewsWritten()).isZero();
        assertThat(activity("con_a").totalTouches()).isEqualTo(2);
        assertThat(stored("con_a").getLong("version")).isEqualTo(version);
    }

    @Test
    void anOlderTouchArrivingLateCountsButDoesNotMoveTheLastTouchBack() {
        fold(call("con_a", T0));
        fold(call("con_a", T0.minusSeconds(3600)));
        assertThat(activity("con_a").totalTouches()).isEqualTo(2);
        assertThat(activity("con_a").lastTouchAt()).isEqualTo(T0);
    }

    @Test
    void administrativeAccountLevelAndProfileEventsAreNotReadNorWritten() {
        FoldEngine.Report report = fold(
                touch("customer-service", "con_a", TouchKinds.CONTACT_UPDATED, Channels.SYSTEM, T0),
                touch("customer-service", "acc_1", TouchKinds.ACCOUNT_UPDATED, Channels.SYSTEM, T0),
                touch("support-service", "acc_1", TouchKinds.ENTITLEMENT_CHANGED, Channels.PHONE, T0),
                profile("con_a", 3), profile("con_a", 1));

        for (int i = 0; i < 5; i++) {
            assertThat(report.status(i)).isEqualTo(FoldEngine.Status.IGNORED);
        }
        assertThat(mongo.getCollection(ContactActivityFold.COLLECTION).countDocuments()).isZero();
    }

    @Test
    void aTouchOnAnUnknownChannelCountsAsOther() {
        fold(touch("partner-bridge", "con_a", "fax.sent", "$set.evil", T0));
        assertThat(activity("con_a").touchCounts()).isEqualTo(Map.of("other", 1L));
    }

    @Test
    void aDeletedContactIsForgottenAndLaterOrRedeliveredTouchesDoNotBringItBack() {
        FoldEvent before = call("con_a", T0);
        fold(before, call("con_b", T0));
        FoldEngine.Report deletion = fold(touch("customer-service", "con_a", TouchKinds.CONTACT_DELETED, Channels.SYSTEM, T0),
                call("con_a", T0.plusSeconds(1)), before);

        assertThat(deletion.status(1)).isEqualTo(FoldEngine.Status.FORGOTTEN);
        fold(call("con_a", T0.plusSeconds(2)), before, tombstone("con_a"));
        assertThat(activity("con_a")).isEqualTo(ActivityView.NONE);
        assertThat(stored("con_a")).containsEntry("forgotten", true).doesNotContainKeys("touchCounts", "totalTouches", "lastTouchAt");
        assertThat(activity("con_b").totalTouches()).as("other contacts keep theirs").isEqualTo(1);
    }

    @Test
    void anErasureOrAProfileTombstoneForgetsTheContactToo() {
        fold(call("con_a", T0), call("con_b", T0));
        fold(touch("customer-service", "con_a", TouchKinds.CUSTOMER_ERASED, Channels.SYSTEM, T0), tombstone("con_b"));
        fold(call("con_a", T0.plusSeconds(1)), call("con_b", T0.plusSeconds(1)));
        assertThat(stored("con_a")).containsEntry("forgotten", true);
        assertThat(stored("con_b")).containsEntry("forgotten", true);
        assertThat(activity("con_a")).isEqualTo(ActivityView.NONE);
        assertThat(activity("con_b")).isEqualTo(ActivityView.NONE);
    }
}
