package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.touchpoint.e2e.TestData.contact;
import static org.touchpoint.e2e.TestData.id;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.touchpoint.dev.PlatformEndpoints;
import org.touchpoint.e2e.Gateway.Reply;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.EventTypes;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import tools.jackson.databind.JsonNode;

/**
 * The platform's two event paths, seen from outside: what customer-service publishes when a client writes
 * through the gateway, and what it makes of touches other services publish.
 */
@ExtendWith(RunningPlatform.class)
class ContactEventsIT {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    private final Gateway gateway;
    private final PlatformEndpoints endpoints;

    ContactEventsIT(Gateway gateway, PlatformEndpoints endpoints) {
        this.gateway = gateway;
        this.endpoints = endpoints;
    }

    @Test
    void publishesTheCreatedTouchAndProfileThenATombstoneOnDelete() {
        JsonNode created = TestData.create(gateway, contact("Sofía", "Castro"));
        String id = id(created);

        try (Kafka.Reader touches = Kafka.read(endpoints, Topics.TOUCHES);
             Kafka.Reader profiles = Kafka.read(endpoints, Topics.CUSTOMER_PROFILES)) {
            ConsumerRecord<String, byte[]> touchRecord = touches.awaitRecord("contact.created of " + id, EVENT_WAIT,
                    record -> id.equals(record.key()) && isTouch(record, TouchKinds.CONTACT_CREATED));
            CrmEvent<Touch> touch = Kafka.touch(touchRecord).orElseThrow();
            assertThat(touch.type()).isEqualTo("crm.touch.contact.created.v1");
            assertThat(touch.subject()).isEqualTo(id);
            assertThat(touch.source()).isEqualTo(EventTypes.source("customer-service"));
            assertThat(touch.data().customerId()).isEqualTo(id);
            assertThat(touch.data().channel()).isEqualTo(Channels.SYSTEM);

            ConsumerRecord<String, byte[]> profileRecord = profiles.awaitRecord("profile of " + id, EVENT_WAIT,
                    record -> id.equals(record.key()) && record.value() != null);
            EventCodec.ProfileRecord profile = Kafka.CODEC.readProfile(profileRecord).orElseThrow();
            assertThat(profile.customerId()).isEqualTo(id);
            assertThat(profile.event().data().firstName()).isEqualTo("Sofía");
            assertThat(profile.event().data().lastName()).isEqualTo("Castro");
            assertThat(profile.event().data().email()).isEqualTo(created.path("emails").get(0).asString());

            Reply deleted = gateway.api().delete("/api/contacts/" + id);
            assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);

            profiles.awaitRecord("tombstone of " + id, EVENT_WAIT, record -> id.equals(record.key()) && record.value() == null);
            touches.awaitRecord("contact.deleted of " + id, EVENT_WAIT,
                    record -> id.equals(record.key()) && isTouch(record, TouchKinds.CONTACT_DELETED));
        }
        Reply gone = gateway.api().get("/api/contacts/" + id);
        assertThat(gone.status()).as("%s", gone).isEqualTo(404);
    }

    @Test
    void countsATouchFromAnotherServiceOncePerEventId() {
        String id = id(TestData.create(gateway, contact("Tomás", "Muñoz")));
        Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CrmEvent<Touch> call = CrmEvent.touch("sales-service",
                Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(occurredAt)
                        .actor("user-e2e").summary("Intro call").build(), null);
        ProducerRecord<String, byte[]> record = Kafka.CODEC.toRecord(Topics.TOUCHES, call);

        Kafka.produce(endpoints, record);

        await("phone touch counted on " + id).atMost(EVENT_WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode activity = activity(id);
            assertThat(activity.path("touchCounts").path("phone").asInt()).isEqualTo(1);
        });
        JsonNode activity = activity(id);
        assertThat(lastTouchAt(activity)).as("lastTouchAt: when the touch occurred").isEqualTo(occurredAt);
        assertThat(activity.path("totalTouches").asInt()).as("system touches (contact.created) are not counted").isEqualTo(1);

        // Redelivery of the same event (same id), then a new call. Touches of one customer are ordered on one
        // partition: once the new call is applied (lastTouchAt moves to its time), the duplicate was processed.
        Kafka.produce(endpoints, Kafka.CODEC.toRecord(Topics.TOUCHES, call));
        Instant secondAt = occurredAt.plusSeconds(1);
        CrmEvent<Touch> secondCall = CrmEvent.touch("sales-service",
                Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(secondAt).actor("user-e2e").build(), null);
        Kafka.produce(endpoints, Kafka.CODEC.toRecord(Topics.TOUCHES, secondCall));

        await("second phone touch applied on " + id).atMost(EVENT_WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> secondAt.equals(lastTouchAt(activity(id))));
        JsonNode after = activity(id);
        assertThat(after.path("touchCounts").path("phone").asInt()).as("the duplicate was not counted: %s", after).isEqualTo(2);
        assertThat(after.path("totalTouches").asInt()).isEqualTo(2);
    }

    private JsonNode activity(String id) {
        Reply read = gateway.api().get("/api/contacts/" + id);
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        return read.json().path("activity");
    }

    private static Instant lastTouchAt(JsonNode activity) {
        JsonNode value = activity.path("lastTouchAt");
        return value.isString() ? Instant.parse(value.asString()) : null;
    }

    static boolean isTouch(ConsumerRecord<String, byte[]> record, String kind) {
        return record.value() != null && Kafka.touch(record).map(t -> t.data().kind().equals(kind)).orElse(false);
    }
}
