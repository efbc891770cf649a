package org.touchpoint.customer.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.touchpoint.customer.CustomerServiceTest;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import tools.jackson.databind.JsonNode;

/** Contacts created or changed by other services' touches: sales' lead.converted, marketing's consent.withdrawn. */
class ContactEventsFromOtherServicesTest extends CustomerServiceTest {

    private static CrmEvent<Touch> converted(String customerId, String leadId, String email) {
        return CrmEvent.touch("sales-service", Touch.builder(customerId, TouchKinds.LEAD_CONVERTED)
                .actor("user:lucia").ref("leadId", leadId)
                .attribute("firstName", "Marta").attribute("lastName", "Quiroga").attribute("email", email)
                .attribute("phone", "+54 11 4321 0000").attribute("title", "Compras").attribute("company", "Tintas del Sur")
                .attribute("ownerId", "user:lucia").build(), null);
    }

    @Test
    void aConvertedLeadBecomesAContactWithTheIdSalesMintedOnceEvenWhenRedelivered() {
        String customerId = Ids.newId("con", Clock.systemUTC());
        String leadId = Ids.newId("led", Clock.systemUTC());
        String email = "marta." + unique() + "@tintasdelsur.example";
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            CrmEvent<Touch> event = converted(customerId, leadId, email);
            publish(event);
            await().atMost(WAIT).until(() -> call("GET", "/api/contacts/" + customerId, null).statusCode() == 200);
            JsonNode contact = json(call("GET", "/api/contacts/" + customerId, null));
            assertThat(contact.get("firstName").asString()).isEqualTo("Marta");
            assertThat(contact.get("emails").get(0).asString()).isEqualTo(email);
            assertThat(contact.get("lifecycleStage").asString()).isEqualTo("opportunity");
            assertThat(contact.get("externalIds").get("leadId").asString()).isEqualTo(leadId);

            ConsumerRecord<String, byte[]> created = touches.await(r -> customerId.equals(r.key())
                    && "crm.touch.contact.created.v1".equals(TopicProbe.header(r, "ce_type")), WAIT);
            assertThat(codec.readTouch(created).orElseThrow().data().refs()).containsEntry("leadId", leadId);

            awaitConsumed(publish(event)); // redelivery
            assertThat(json(call("GET", "/api/contacts/" + customerId, null)).get("version").asLong())
                    .isEqualTo(contact.get("version").asLong());
            assertThat(json(call("GET", "/api/contacts?q=" + email, null)).get("items")).hasSize(1);
        }
    }

    @Test
    void aConvertedLeadWhoseEmailIsAlreadyAContactIsLinkedToIt() {
        JsonNode existing = json(call("POST", "/api/contacts", contactBody("Rosa", "Prado", null)));
        String email = existing.get("emails").get(0).asString();
        String minted = Ids.newId("con", Clock.systemUTC());
        String leadId = Ids.newId("led", Clock.systemUTC());
        publish(converted(minted, leadId, email.toUpperCase(java.util.Locale.ROOT)));

        String id = existing.get("id").asString();
        await().atMost(WAIT).until(() -> json(call("GET", "/api/contacts/" + id, null)).get("externalIds").has("leadId"));
        assertThat(json(call("GET", "/api/contacts/" + id, null)).get("externalIds").get("leadId").asString()).isEqualTo(leadId);
        assertThat(call("GET", "/api/contacts/" + minted, null).statusCode()).as("no duplicate contact").isEqualTo(404);

        // A second lead links to the same contact; the first one's conversion, redelivered, then changes nothing.
        String secondLead = Ids.newId("led", Clock.systemUTC());
        CrmEvent<Touch> first = converted(minted, leadId, email);
        publish(converted(Ids.newId("con", Clock.systemUTC()), secondLead, email));
        await().atMost(WAIT).until(() -> secondLead.equals(
                json(call("GET", "/api/contacts/" + id, null)).get("externalIds").get("leadId").asString()));
        long version = json(call("GET", "/api/contacts/" + id, null)).get("version").asLong();
        awaitConsumed(publish(first)); // the first conversion, redelivered
        JsonNode after = json(call("GET", "/api/contacts/" + id, null));
        assertThat(after.get("version").asLong()).isEqualTo(version);
        assertThat(after.get("externalIds").get("leadId").asString()).isEqualTo(secondLead);
    }

    @Test
    void aConversionWithoutAUsableContactIdCreatesNothing() {
        String leadId = Ids.newId("led", Clock.systemUTC());
        awaitConsumed(publish(converted(leadId, leadId, "x" + unique() + "@example.org"))); // keyed by the lead: not a contact id
        assertThat(call("GET", "/api/contacts/" + leadId, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anUnsubscribeClickWithdrawsEmailConsentOnce() {
        String id = json(call("POST", "/api/contacts", contactBody("Iván", "Castro", null))).get("id").asString();
        CrmEvent<Touch> unsubscribe = CrmEvent.touch("marketing-service", Touch.builder(id, TouchKinds.CONSENT_WITHDRAWN)
                .channel(Channels.EMAIL).actor("customer").ref("campaignId", "cmp_1")
                .attribute("channel", "email").attribute("source", "unsubscribe-link").build(), null);
        publish(unsubscribe);
        await().atMost(WAIT).until(() -> "withdrawn".equals(
                json(call("GET", "/api/contacts/" + id, null)).get("consent").get("email").get("status").asString()));
        JsonNode after = json(call("GET", "/api/contacts/" + id, null));
        assertThat(after.get("consent").get("email").get("source").asString()).isEqualTo("unsubscribe-link");

        awaitConsumed(publish(unsubscribe));
        assertThat(json(call("GET", "/api/contacts/" + id, null)).get("version").asLong()).isEqualTo(after.get("version").asLong());
    }

    @Test
    void aLaterConsentDecisionWinsOverAnOlderUnsubscribeClick() {
        String id = json(call("POST", "/api/contacts", contactBody("Ana", "Ríos", null))).get("id").asString();
        awaitConsumed(publish(CrmEvent.touch("marketing-service", Touch.builder(id, TouchKinds.CONSENT_WITHDRAWN).channel(Channels.EMAIL)
                .occurredAt(Instant.now().minus(Duration.ofDays(1))).attribute("channel", "email").build(), null)));
        assertThat(json(call("GET", "/api/contacts/" + id, null)).get("consent").get("email").get("status").asString())
                .isEqualTo("granted");
    }
}
