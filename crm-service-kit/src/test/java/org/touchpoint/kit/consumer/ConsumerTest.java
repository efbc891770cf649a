package org.touchpoint.kit.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.KitSpringTest;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;

/** The read path against the real embedded broker: idempotent apply, dead letters, tolerance, freshness. */
class ConsumerTest extends KitSpringTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DLT = "crm.touches.kit-test.dlt";

    @Autowired
    EventCodec codec;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;

    private static String bootstrap() {
        return TestInfrastructure.kafkaBootstrapServers();
    }

    private int count(String customer) {
        Document d = mongo.findById(customer, Document.class, "touch_counts");
        return d == null ? 0 : d.getInteger("count");
    }

    private CrmEvent<Touch> touch(String customer, String kind) {
        return CrmEvent.touch("sales-service", Touch.builder(customer, kind).occurredAt(Instant.now()).build(), null);
    }

    private void send(CrmEvent<Touch> event) {
        TopicProbe.send(bootstrap(), codec.toRecord(Topics.TOUCHES, event));
    }

    @Test
    void redeliveringATouchChangesNothing() {
        String customer = "cus_" + UUID.randomUUID();
        CrmEvent<Touch> call = touch(customer, "call.logged");
        send(call);
        await().atMost(WAIT).until(() -> count(customer) == 1);

        send(call); // the same event id again, as after a consumer crash before commit
        CrmEvent<Touch> next = touch(customer, "meeting.logged");
        send(next); // same key, so it is handled after the redelivery
        await().atMost(WAIT).until(() -> count(customer) >= 2);
        assertThat(count(customer)).isEqualTo(2);
        assertThat(mongo.findById(customer, Document.class, "touch_counts").getString("lastKind")).isEqualTo("meeting.logged");
    }

    @Test
    void aPoisonRecordLandsInTheDeadLetterTopicAndTheConsumerContinues() {
        String customer = "cus_" + UUID.randomUUID();
        try (TopicProbe dlt = new TopicProbe(bootstrap(), DLT)) {
            TopicProbe.send(bootstrap(), new ProducerRecord<>(Topics.TOUCHES, customer, "this is not a CloudEvent".getBytes(StandardCharsets.UTF_8)));
            send(touch(customer, "call.logged"));

            ConsumerRecord<String, byte[]> dead = dlt.await(r -> customer.equals(r.key()), WAIT);
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("this is not a CloudEvent");
            assertThat(TopicProbe.header(dead, "kafka_dlt-exception-cause-fqcn")).contains("MalformedEventException");
            await().atMost(WAIT).until(() -> count(customer) == 1);
        }
    }

    @Test
    void aTouchTheFoldCannotApplyIsDeadLetteredAndTheCustomersOtherTouchesApply() {
        String customer = "cus_" + UUID.randomUUID();
        try (TopicProbe dlt = new TopicProbe(bootstrap(), DLT)) {
            CrmEvent<Touch> explode = touch(customer, "test.explode");
            send(explode);
            send(touch(customer, "call.logged"));

            ConsumerRecord<String, byte[]> dead = dlt.await(r -> explode.id().equals(TopicProbe.header(r, "ce_id")), WAIT);
            assertThat(TopicProbe.header(dead, "kafka_dlt-exception-message")).contains("cannot apply");
            await().atMost(WAIT).until(() -> count(customer) == 1);
        }
    }

    @Test
    void aTouchStuckBehindAConflictThatKeepsLosingEndsInTheDeadLetterTopic() {
        String customer = "cus_" + UUID.randomUUID();
        send(touch(customer, "call.logged"));
        await().atMost(WAIT).until(() -> count(customer) == 1);
        try (TopicProbe dlt = new TopicProbe(bootstrap(), DLT)) {
            CrmEvent<Touch> stuck = touch(customer, "test.contend");
            send(stuck);
            send(touch(customer, "meeting.logged"));

            ConsumerRecord<String, byte[]> dead = dlt.await(r -> stuck.id().equals(TopicProbe.header(r, "ce_id")), WAIT);
            assertThat(TopicProbe.header(dead, "kafka_dlt-exception-message")).contains("kept changing");
            await().atMost(WAIT).until(() -> count(customer) == 2);
            assertThat(meters.get("crm.fold.conflicts").tag("fold", "touch-counts").counter().count()).isPositive();
        }
    }

    @Test
    void aTouchFromAServiceThatDoesNotOwnItsKindIsRefusedAsForged() {
        String customer = "cus_" + UUID.randomUUID();
        send(touch(customer, "call.logged"));
        await().atMost(WAIT).until(() -> count(customer) == 1);
        try (TopicProbe dlt = new TopicProbe(bootstrap(), DLT)) {
            // contact.deleted belongs to customer-service: sales-service cannot make anyone forget a customer.
            CrmEvent<Touch> forged = touch(customer, "contact.deleted");
            send(forged);
            send(CrmEvent.touch("customer-service", Touch.builder(customer, "contact.updated").occurredAt(Instant.now()).build(), null));

            ConsumerRecord<String, byte[]> dead = dlt.await(r -> forged.id().equals(TopicProbe.header(r, "ce_id")), WAIT);
            assertThat(TopicProbe.header(dead, "kafka_dlt-exception-cause-fqcn")).contains("ForgedEventException");
            assertThat(TopicProbe.header(dead, "kafka_dlt-exception-message")).contains("only /crm/customer-service publishes it");
            await().atMost(WAIT).until(() -> count(customer) == 2);
            assertThat(mongo.findById(customer, Document.class, "touch_counts").getString("lastKind")).isEqualTo("contact.updated");
        }
    }

    @Test
    void freshnessIsRecordedOnceWhenATouchIsFirstAppliedNotOnRedelivery() {
        Timer existing = meters.find("crm.touch.freshness").tag("source", "customer-service").timer();
        long before = existing == null ? 0 : existing.count();
        String customer = "cus_" + UUID.randomUUID();
        CrmEvent<Touch> once = CrmEvent.touch("customer-service", Touch.builder(customer, "contact.updated").occurredAt(Instant.now()).build(), null);
        send(once);
        send(once);
        CrmEvent<Touch> marker = CrmEvent.touch("customer-service", Touch.builder(customer, "contact.created").occurredAt(Instant.now()).build(), null);
        send(marker);
        await().atMost(WAIT).until(() -> count(customer) == 2);
        assertThat(meters.get("crm.touch.freshness").tag("source", "customer-service").timer().count() - before).isEqualTo(2);
    }

    @Test
    void typesThisServiceDoesNotKnowAreIgnored() {
        String customer = "cus_" + UUID.randomUUID();
        double ignoredBefore = meters.get("crm.events.ignored").counter().count();
        TopicProbe.send(bootstrap(), codec.toRecord(Topics.TOUCHES, UUID.randomUUID().toString(), "/crm/future-service",
                "crm.touch.call.logged.v2", customer, Instant.now(), null, "{\"shape\":\"new\"}".getBytes(StandardCharsets.UTF_8)));
        send(touch(customer, "call.logged"));

        await().atMost(WAIT).until(() -> count(customer) == 1);
        assertThat(meters.get("crm.events.ignored").counter().count()).isGreaterThan(ignoredBefore);
    }

    @Test
    void freshnessIsTimedPerSourceService() {
        String customer = "cus_" + UUID.randomUUID();
        send(touch(customer, "call.logged"));
        await().atMost(WAIT).until(() -> count(customer) == 1);
        Timer timer = meters.get("crm.touch.freshness").tag("source", "sales-service").timer();
        assertThat(timer.count()).isPositive();
        assertThat(timer.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isLessThan(WAIT.toMillis());
    }
}
