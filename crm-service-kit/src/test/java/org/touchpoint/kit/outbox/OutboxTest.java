package org.touchpoint.kit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.KitSpringTest;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.kit.testapp.Widget;

/** The write path against the real embedded broker and mongo-java-server. */
class OutboxTest extends KitSpringTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    OutboxStore store;
    @Autowired
    OutboxRelay relay;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EventCodec codec;
    @Autowired
    MeterRegistry meters;

    private TopicProbe touches;

    @BeforeEach
    void openProbe() {
        touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES);
    }

    @AfterEach
    void closeProbe() {
        touches.close();
    }

    private static String customer() {
        return "cus_" + UUID.randomUUID();
    }

    private List<OutboxMessage> outboxOf(String id) {
        return mongo.findById(id, Widget.class).pendingOutbox();
    }

    @Test
    void aWriteCarriesItsTouchAndTheTouchIsPublishedRightAfter() {
        String customer = customer();
        Widget w = store.insert(Widget.create(UUID.randomUUID().toString(), customer, "w-" + customer, Map.of()));

        ConsumerRecord<String, byte[]> record = touches.await(r -> customer.equals(r.key()), WAIT);
        assertThat(TopicProbe.header(record, "ce_type")).isEqualTo("crm.touch.widget.created.v1");
        assertThat(TopicProbe.header(record, "ce_source")).isEqualTo("/crm/kit-test");
        Touch touch = codec.readTouch(record).orElseThrow().data();
        assertThat(touch.refs()).containsEntry("widgetId", w.getId());
        await().atMost(WAIT).until(() -> outboxOf(w.getId()).isEmpty());
    }

    @Test
    void aStaleCopyCannotOverwriteANewerVersion() {
        String customer = customer();
        Widget created = store.insert(Widget.create(UUID.randomUUID().toString(), customer, "w-" + customer, Map.of()));
        Widget first = mongo.findById(created.getId(), Widget.class);
        Widget second = mongo.findById(created.getId(), Widget.class);

        first.rename("first-" + customer, "kept");
        store.update(first);
        second.rename("second-" + customer, "lost");
        assertThatThrownBy(() -> store.update(second)).isInstanceOf(OptimisticLockingFailureException.class);

        Widget stored = mongo.findById(created.getId(), Widget.class);
        assertThat(stored.note()).isEqualTo("kept");
        assertThat(stored.getVersion()).isEqualTo(1L);
    }

    @Test
    void aChangeThatMeetsAConcurrentWriteIsReadAndAppliedAgain() {
        String customer = customer();
        Widget created = store.insert(Widget.create(UUID.randomUUID().toString(), customer, "w-" + customer, Map.of()));
        java.util.concurrent.atomic.AtomicInteger applied = new java.util.concurrent.atomic.AtomicInteger();

        Widget saved = store.change(Widget.class, created.getId(), w -> {
            if (applied.incrementAndGet() == 1) { // another writer lands between this read and its save
                Widget other = mongo.findById(created.getId(), Widget.class);
                other.rename("other-" + customer, "other");
                store.update(other);
            }
            w.rename("mine-" + customer, "mine");
            return true;
        }).orElseThrow();

        assertThat(applied).hasValue(2);
        assertThat(saved.getVersion()).isEqualTo(2L);
        Widget stored = mongo.findById(created.getId(), Widget.class);
        assertThat(stored.note()).isEqualTo("mine");
        assertThat(stored.getVersion()).isEqualTo(2L);
    }

    @Test
    void aChangeWithNothingToDoWritesNothingAndAMissingDocumentIsEmpty() {
        String customer = customer();
        Widget created = store.insert(Widget.create(UUID.randomUUID().toString(), customer, "w-" + customer, Map.of()));

        assertThat(store.change(Widget.class, created, w -> false)).get().extracting(Widget::getVersion).isEqualTo(0L);
        assertThat(mongo.findById(created.getId(), Widget.class).getVersion()).isEqualTo(0L);
        assertThat(store.change(Widget.class, "no-such-widget", w -> true)).isEmpty();
    }

    @Test
    void aChangeThatKeepsLosingThrowsTheConflictAfterItsAttempts() {
        String customer = customer();
        Widget created = store.insert(Widget.create(UUID.randomUUID().toString(), customer, "w-" + customer, Map.of()));
        java.util.concurrent.atomic.AtomicInteger applied = new java.util.concurrent.atomic.AtomicInteger();

        assertThatThrownBy(() -> store.change(Widget.class, created.getId(), w -> {
            applied.incrementAndGet();
            Widget other = mongo.findById(created.getId(), Widget.class);
            other.rename("other-" + customer, "other");
            store.update(other);
            w.rename("mine-" + customer, "mine");
            return true;
        })).isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(applied).hasValue(OutboxStore.CHANGE_ATTEMPTS);
        assertThat(mongo.findById(created.getId(), Widget.class).note()).isEqualTo("other");
    }

    @Test
    void theRelayPublishesWhatACrashLeftBehind() {
        String customer = customer();
        String id = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        // As the store leaves it when the process dies right after the write: state + pending event, nobody publishing.
        mongo.insert(pendingWidget(id, customer, eventId, null), "widgets");
        assertThat(relay.sweep()).as("the sweep (at start-up, then every crm.outbox.sweep-interval) finds it").isPositive();

        ConsumerRecord<String, byte[]> record = touches.await(r -> eventId.equals(TopicProbe.header(r, "ce_id")), WAIT);
        assertThat(record.key()).isEqualTo(customer);
        await().atMost(WAIT).until(() -> outboxOf(id).isEmpty());
    }

    @Test
    void aSaveNeverResurrectsAnEventTheRelayAlreadyPublished() {
        String customer = customer();
        String id = UUID.randomUUID().toString();
        String firstEvent = UUID.randomUUID().toString();
        mongo.insert(pendingWidget(id, customer, firstEvent, null), "widgets");
        Widget loadedBeforePublish = mongo.findById(id, Widget.class);
        assertThat(loadedBeforePublish.pendingOutbox()).extracting(OutboxMessage::eventId).containsExactly(firstEvent);
        relay.publishSoon("widgets", id);

        await().atMost(WAIT).until(() -> outboxOf(id).isEmpty());
        loadedBeforePublish.rename("renamed-" + customer, "after publish");
        store.update(loadedBeforePublish);

        touches.await(r -> customer.equals(r.key()) && "crm.touch.widget.renamed.v1".equals(TopicProbe.header(r, "ce_type")), WAIT);
        await().atMost(WAIT).until(() -> outboxOf(id).isEmpty());
        assertThat(touches.seen(r -> firstEvent.equals(TopicProbe.header(r, "ce_id")))).hasSize(1);
    }

    @Test
    void anEventKafkaRefusesForGoodIsParkedAndTheEventsBehindItArePublished() {
        String customer = customer();
        String id = UUID.randomUUID().toString();
        String tooLarge = UUID.randomUUID().toString();
        String behind = UUID.randomUUID().toString();
        Document doc = pendingWidget(id, customer, tooLarge, null);
        Document huge = message(tooLarge, customer);
        huge.put("data", "{\"customerId\":\"" + customer + "\",\"kind\":\"widget.created\",\"channel\":\"system\",\"occurredAt\":\"2026-12-01T00:00:00Z\",\"summary\":\""
                + "x".repeat(2_000_000) + "\"}");
        doc.put("outbox", new java.util.ArrayList<>(List.of(huge, message(behind, customer))));
        mongo.insert(doc, "widgets");
        relay.publishSoon("widgets", id);

        touches.await(r -> behind.equals(TopicProbe.header(r, "ce_id")), WAIT);
        await().atMost(WAIT).until(() -> outboxOf(id).isEmpty());
        Widget w = mongo.findById(id, Widget.class);
        assertThat(w.parkedOutbox()).singleElement().satisfies(p -> {
            assertThat(p.getString("eventId")).isEqualTo(tooLarge);
            assertThat(p.getString("reason")).containsIgnoringCase("large");
        });
        assertThat(meters.get("crm.outbox.parked").counter().count()).isPositive();
    }

    @Test
    void thePendingGaugeCountsDocumentsWhoseEventsKafkaDidNotAcknowledge() {
        // A marker another replica left (its Kafka was down) for a document that no longer has anything pending, and a
        // document with pending events: the gauge counts what is waiting, and the relay clears both once published.
        String id = UUID.randomUUID().toString();
        mongo.insert(pendingWidget(id, customer(), UUID.randomUUID().toString(), null), "widgets");
        mongo.insert(new Document("_id", "widgets/" + id).append("collection", "widgets").append("docId", id), OutboxRelay.MARKERS);
        assertThat(relay.pendingNow()).isGreaterThanOrEqualTo(1);
        await().atMost(WAIT).until(() -> outboxOf(id).isEmpty() && !mongo.exists(
                org.springframework.data.mongodb.core.query.Query.query(org.springframework.data.mongodb.core.query.Criteria.where("_id").is("widgets/" + id)),
                OutboxRelay.MARKERS));
    }

    private Document pendingWidget(String id, String customer, String eventId, Document lease) {
        Document doc = new Document("_id", id).append("version", 0L).append("name", "crashed-" + id)
                .append("customerId", customer)
                .append("outbox", new java.util.ArrayList<>(List.of(message(eventId, customer))))
                .append("_class", Widget.class.getName());
        return doc;
    }

    private Document message(String eventId, String customer) {
        String data = new String(codec.writeData(Touch.builder(customer, "widget.created").build()), java.nio.charset.StandardCharsets.UTF_8);
        return new Document("eventId", eventId).append("topic", Topics.TOUCHES).append("key", customer)
                .append("type", "crm.touch.widget.created.v1").append("source", "/crm/kit-test").append("subject", customer)
                .append("time", java.util.Date.from(Instant.now())).append("data", data);
    }
}
