package org.touchpoint.customer.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.customer.CustomerServiceTest;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import tools.jackson.databind.JsonNode;

/** customer-service against the real embedded broker: what it publishes, and what it folds from touches. */
class ContactEventsTest extends CustomerServiceTest {

    @Autowired
    MongoTemplate mongo;

    private String createContact() {
        return json(call("POST", "/api/contacts", contactBody("Lucía", "Fernández", null))).get("id").asString();
    }

    private JsonNode activity(String contactId) {
        return json(call("GET", "/api/contacts/" + contactId, null)).get("activity");
    }

    @Test
    void creatingAContactPublishesItsTouchAndProfile() {
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES);
             TopicProbe profiles = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.CUSTOMER_PROFILES)) {
            String id = createContact();

            ConsumerRecord<String, byte[]> touch = touches.await(r -> id.equals(r.key()), WAIT);
            Touch created = codec.readTouch(touch).orElseThrow().data();
            assertThat(created.kind()).isEqualTo("contact.created");
            assertThat(created.refs()).containsEntry("contactId", id);
            assertThat(TopicProbe.header(touch, "ce_source")).isEqualTo("/crm/customer-service");

            ConsumerRecord<String, byte[]> snapshot = profiles.await(r -> id.equals(r.key()), WAIT);
            assertThat(TopicProbe.header(snapshot, "ce_source")).as("only customer-service publishes profiles")
                    .isEqualTo("/crm/customer-service");
            CustomerProfile profile = codec.readProfile(snapshot).orElseThrow().event().data();
            assertThat(profile.displayName()).isEqualTo("Lucía Fernández");
            assertThat(profile.consents("email")).isTrue();
            assertThat(profile.nickname()).isEqualTo("Pepe");
            assertThat(profile.preferences()).isEqualTo("Prefiere llamadas por la mañana");
            assertThat(profile.version()).isZero();
        }
    }

    @Test
    void accountTouchesCarryWhatSegmentsSelectOn() {
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            String accountId = account("Papelería Central");
            Touch created = codec.readTouch(touches.await(r -> accountId.equals(r.key()), WAIT)).orElseThrow().data();
            assertThat(created.kind()).isEqualTo("account.created");
            assertThat(created.accountId()).isEqualTo(accountId);
            assertThat(created.attrs().text("name")).isEqualTo("Papelería Central");
            assertThat(created.attrs().text("industry")).isEqualTo("retail");
            assertThat(created.attrs().text("tier")).isEqualTo("premium");
            assertThat(created.attrs().integer("size")).isEqualTo(120);
        }
    }

    @Test
    void theTouchCarriesTheTraceOfTheRequestThatCausedIt() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            String id = json(call("POST", "/api/contacts", contactBody("Traza", "Distribuida", null), java.util.Map.of(
                    "Authorization", ALL.get("Authorization"), "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"))).get("id").asString();
            ConsumerRecord<String, byte[]> touch = touches.await(r -> id.equals(r.key()), WAIT);
            assertThat(TopicProbe.header(touch, "ce_traceparent")).startsWith("00-" + traceId + "-");
            assertThat(TopicProbe.header(touch, "traceparent")).startsWith("00-" + traceId + "-");
        }
    }

    @Test
    void anUpdatePublishesTheNamesOfTheFieldsItChanged() {
        String email = "cambios." + unique() + "@andina.example";
        String body = """
                {"firstName": "Lucía", "lastName": "Fernández", "emails": ["%s"], "phones": ["+57 4 444 1234"],
                 "title": "%s", "ownerId": "user:lucia", "lifecycleStage": "customer", "tags": ["vip"],
                 "consent": {"email": {"status": "granted", "source": "web-form"}},
                 "notes": {"nickname": "Pepe", "preferences": "%s"},
                 "customAttributes": {"segment": "mayorista", "limits": {"credit": 5000, "terms": ["30d", "60d"]}},
                 "externalIds": {"erp": "C-1"}}""";
        String id = json(call("POST", "/api/contacts", body.formatted(email, "Gerente de Compras", "Por la mañana"))).get("id").asString();
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            assertThat(call("PUT", "/api/contacts/" + id, body.formatted(email, "Directora de Compras", "Por la tarde")).statusCode())
                    .isEqualTo(200);
            ConsumerRecord<String, byte[]> updated = touches.await(r -> id.equals(r.key())
                    && "crm.touch.contact.updated.v1".equals(TopicProbe.header(r, "ce_type")), WAIT);
            assertThat(codec.readTouch(updated).orElseThrow().data().attrs().texts("changedFields"))
                    .containsExactly("title", "notes");
        }
    }

    @Test
    void deletingAContactPublishesAProfileTombstone() {
        try (TopicProbe profiles = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.CUSTOMER_PROFILES)) {
            String id = createContact();
            assertThat(call("DELETE", "/api/contacts/" + id, null).statusCode()).isEqualTo(204);
            ConsumerRecord<String, byte[]> tombstone = profiles.await(r -> id.equals(r.key()) && r.value() == null, WAIT);
            assertThat(codec.readProfile(tombstone).orElseThrow().erased()).isTrue();
        }
    }

    @Test
    void aTouchReachesTheContactsCountersOnceEvenWhenRedelivered() {
        String id = createContact();
        Instant when = Instant.parse("2026-11-20T10:15:30Z");
        CrmEvent<Touch> call = CrmEvent.touch("sales-service",
                Touch.builder(id, "call.logged").channel(Channels.PHONE).occurredAt(when).build(), null);
        publish(call);
        await().atMost(WAIT).until(() -> activity(id).get("totalTouches").asLong() == 1);
        assertThat(activity(id).get("touchCounts").get("phone").asLong()).isEqualTo(1);
        assertThat(Instant.parse(activity(id).get("lastTouchAt").asString())).isEqualTo(when);

        publish(call); // redelivery of the same event
        publish(CrmEvent.touch("marketing-service",
                Touch.builder(id, "message.opened").channel(Channels.EMAIL).occurredAt(when.minusSeconds(60)).build(), null));
        await().atMost(WAIT).until(() -> activity(id).get("totalTouches").asLong() == 2);
        JsonNode counts = activity(id).get("touchCounts");
        assertThat(counts.get("phone").asLong()).isEqualTo(1);
        assertThat(counts.get("email").asLong()).isEqualTo(1);
        assertThat(Instant.parse(activity(id).get("lastTouchAt").asString())).as("an older touch does not move lastTouchAt back").isEqualTo(when);
    }

    @Test
    void touchesArrivingAfterADeletionDoNotBringTheContactsActivityBack() {
        String id = createContact();
        publish(CrmEvent.touch("sales-service", Touch.builder(id, "call.logged").channel(Channels.PHONE).build(), null));
        await().atMost(WAIT).until(() -> activity(id).get("totalTouches").asLong() == 1);
        assertThat(call("DELETE", "/api/contacts/" + id, null).statusCode()).isEqualTo(204);

        // The service's own contact.deleted (and the profile tombstone) reach its fold: the activity is forgotten ...
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(activityDocument(id).get("forgotten")));
        // ... and a touch arriving after the deletion does not bring it back.
        awaitConsumed(publish(CrmEvent.touch("sales-service", Touch.builder(id, "call.logged").channel(Channels.PHONE).build(), null)));
        Document left = activityDocument(id);
        assertThat(left.get("forgotten")).isEqualTo(true);
        assertThat(left).doesNotContainKeys("touchCounts", "totalTouches", "lastTouchAt");
    }

    private Document activityDocument(String contactId) {
        return mongo.findById(contactId, Document.class, "contact_activity_v2");
    }

    @Test
    void administrativeTouchesAreNotCountedAsInteractions() {
        String id = createContact();
        publish(CrmEvent.touch("sales-service", Touch.builder(id, "opportunity.stage-changed").channel(Channels.SYSTEM).build(), null));
        publish(CrmEvent.touch("support-service", Touch.builder(id, "case.opened").channel(Channels.CHAT).build(), null));
        await().atMost(WAIT).until(() -> activity(id).get("totalTouches").asLong() == 1);
        assertThat(activity(id).get("touchCounts").has("system")).isFalse();
    }

    @Test
    void aTouchOnAnUnknownChannelIsCountedAsOtherAndNeverBecomesAFieldName() {
        String id = createContact();
        publish(new CrmEvent<>(UUID.randomUUID().toString(), "/crm/partner-bridge", "crm.touch.fax.sent.v1", id, Instant.now(), null,
                Touch.builder(id, "fax.sent").channel("$set.evil").build()));
        await().atMost(WAIT).until(() -> activity(id).get("totalTouches").asLong() == 1);
        assertThat(activity(id).get("touchCounts").get("other").asLong()).isEqualTo(1);
    }
}
