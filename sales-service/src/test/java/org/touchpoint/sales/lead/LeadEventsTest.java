package org.touchpoint.sales.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.sales.SalesEventsTest;
import tools.jackson.databind.JsonNode;

/** Leads against the embedded broker: touches published, leads made from campaign responses, scores moved by engagement. */
class LeadEventsTest extends SalesEventsTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    private int score(String leadId) {
        return json(call("GET", "/api/leads/" + leadId, null)).get("score").asInt();
    }

    @Test
    void creatingALeadPublishesLeadCreatedUnderTheLeadId() {
        try (TopicProbe touches = touches()) {
            String id = createLead("Carmen", "Ortega").get("id").asString();
            Touch created = touchOf(touches.await(r -> id.equals(r.key()) && isTouch(r, TouchKinds.LEAD_CREATED, "leadId", id), WAIT));
            assertThat(created.customerId()).isEqualTo(id);
            assertThat(created.channel()).isEqualTo(Channels.WEB);
            assertThat(created.attributes()).containsEntry("source", "web").containsEntry("score", 35).containsEntry("company", "Papelería El Sol");
        }
    }

    @Test
    void aCampaignResponseOfAKnownCustomerMakesOneLeadEvenWhenRedelivered() {
        String customer = customerId();
        publishProfile(customer, "Beatriz", "Souza", "beatriz@andina.example", 3);
        await().atMost(WAIT).until(() -> call("GET", "/api/customers/" + customer + "/briefing", null).statusCode() == 200);
        String campaign = "cmp_01J" + unique().toUpperCase();
        CrmEvent<Touch> response = publish("marketing-service", Touch.builder(customer, TouchKinds.CAMPAIGN_RESPONDED)
                .channel(Channels.WEB).actor("customer").ref("campaignId", campaign).ref("messageId", "msg_1")
                .attribute("response", "click-to-contact").attribute("offerName", "Tóner 2x1").attribute("campaignName", "Black Friday")
                .build());
        publish(response); // redelivery

        await().atMost(WAIT).until(() -> json(call("GET", "/api/leads?customerId=" + customer, null)).get("items").size() == 1
                && json(call("GET", "/api/leads?customerId=" + customer, null)).get("items").get(0).get("score").asInt() > 0);
        // A later, different touch of the same customer: once it is counted, the redelivery was processed too.
        publish("marketing-service", Touch.builder(customer, TouchKinds.MESSAGE_OPENED).channel(Channels.EMAIL).actor("customer")
                .ref("campaignId", campaign).build());
        await().atMost(WAIT).until(() -> {
            JsonNode items = json(call("GET", "/api/leads?customerId=" + customer, null)).get("items");
            return items.size() == 1 && items.get(0).get("score").asInt() == 33;
        });
        JsonNode lead = json(call("GET", "/api/leads?customerId=" + customer, null)).get("items").get(0);
        assertThat(lead.get("source").asString()).isEqualTo("campaign");
        assertThat(lead.get("campaignId").asString()).isEqualTo(campaign);
        assertThat(lead.get("firstName").asString()).isEqualTo("Beatriz");
        assertThat(lead.get("email").asString()).isEqualTo("beatriz@andina.example");
        assertThat(lead.get("notes").asString()).contains("Tóner 2x1");
        JsonNode score = json(call("GET", "/api/leads/" + lead.get("id").asString() + "/score", null));
        assertThat(score.get("reasons").findValuesAsString("rule")).containsExactly("decision-maker", "email-opened", "campaign-response");
        assertThat(score.get("reasons").get(2).get("count").asInt()).as("the redelivered response counted once").isEqualTo(1);
    }

    @Test
    void aDealFromACampaignsLeadNamesThatCampaignOnItsTouchesAndOnTheConversion() {
        String customer = customerId();
        publishProfile(customer, "Renata", "Lima", "renata." + unique() + "@andina.example", 1);
        await().atMost(WAIT).until(() -> call("GET", "/api/customers/" + customer + "/briefing", null).statusCode() == 200);
        String campaign = "cmp_01J" + unique().toUpperCase();
        publish("marketing-service", Touch.builder(customer, TouchKinds.CAMPAIGN_RESPONDED).channel(Channels.WEB).actor("customer")
                .ref("campaignId", campaign).ref("messageId", "msg_2").attribute("response", "click-to-contact").build());
        await().atMost(WAIT).until(() -> json(call("GET", "/api/leads?customerId=" + customer, null)).get("items").size() == 1);
        String leadId = json(call("GET", "/api/leads?customerId=" + customer, null)).get("items").get(0).get("id").asString();
        try (TopicProbe touches = touches()) {
            JsonNode converted = json(call("POST", "/api/leads/" + leadId + "/convert", """
                    {"opportunity": {"name": "Tóner anual", "amount": {"amount": "1200.00", "currency": "EUR"}}}"""));
            String opportunityId = converted.get("opportunity").get("id").asString();
            var created = touches.await(r -> opportunityId.equals(refs(r).get("opportunityId"))
                    && "crm.touch.opportunity.created.v1".equals(TopicProbe.header(r, "ce_type")), WAIT);
            assertThat(refs(created)).containsEntry("campaignId", campaign).containsEntry("leadId", leadId);
            var conversion = touches.await(r -> "crm.touch.lead.converted.v1".equals(TopicProbe.header(r, "ce_type"))
                    && leadId.equals(refs(r).get("leadId")), WAIT);
            assertThat(refs(conversion)).containsEntry("campaignId", campaign);
        }
    }

    /** The refs of a touch record; other tests also put unreadable records on the topic: those have none. */
    private java.util.Map<String, String> refs(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        try {
            return codec.readTouch(record).map(e -> e.data().refs()).orElse(java.util.Map.of());
        } catch (org.touchpoint.events.MalformedEventException notATouch) {
            return java.util.Map.of();
        }
    }

    @Test
    void aTouchOfAKnownCustomerWithoutALeadIdReachesItsOpenLeadsOnly() {
        String customer = customerId();
        String open = created(call("POST", "/api/leads", """
                {"firstName": "Inês", "lastName": "Abierta", "company": "Papelería Norte", "customerId": "%s"}""".formatted(customer)))
                .get("id").asString();
        String closed = created(call("POST", "/api/leads", """
                {"firstName": "Inês", "lastName": "Cerrada", "company": "Papelería Norte", "customerId": "%s"}""".formatted(customer)))
                .get("id").asString();
        assertThat(call("POST", "/api/leads/" + closed + "/disqualify", "{\"reason\": \"Duplicado\"}").statusCode()).isEqualTo(200);
        int before = score(open);

        publish("marketing-service", Touch.builder(customer, TouchKinds.MESSAGE_OPENED).channel(Channels.EMAIL).actor("customer")
                .ref("campaignId", "cmp_1").ref("messageId", "msg_1").build());

        await().atMost(WAIT).until(() -> score(open) == before + 3);
        assertThat(json(call("GET", "/api/leads/" + closed + "/score", null)).get("signals").size()).isZero();
        assertThat(mongo.findById(customer, org.bson.Document.class, CustomerLeadsStore.COLLECTION).getList("leadIds", String.class))
                .as("the closed lead left the customer's list as it was read").containsExactly(open);
    }

    @Test
    void engagementRescoresAndQualifiesOncePerLevel() {
        String id = createLead("Tomás", "Muñoz").get("id").asString(); // fit 35
        try (TopicProbe touches = touches()) {
            CrmEvent<Touch> meeting = publish("sales-service", Touch.builder(id, TouchKinds.MEETING_LOGGED).channel(Channels.VISIT)
                    .ref("leadId", id).ref("activityId", "act_x").occurredAt(Instant.parse("2026-11-03T10:00:00Z")).build());
            await().atMost(WAIT).until(() -> score(id) == 60);
            publish(meeting); // redelivery
            // An older touch arriving late still counts: the score does not depend on arrival order.
            publish("marketing-service", Touch.builder(id, TouchKinds.LINK_CLICKED).channel(Channels.EMAIL).ref("leadId", id)
                    .occurredAt(Instant.parse("2026-10-01T10:00:00Z")).build());
            await().atMost(WAIT).until(() -> score(id) == 68);
            publish("sales-service", Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).ref("leadId", id).build());
            await().atMost(WAIT).until(() -> score(id) == 78);

            touches.await(r -> isTouch(r, TouchKinds.LEAD_QUALIFIED, "leadId", id) && "sql".equals(touchOf(r).attributes().get("level")), WAIT);
            assertThat(touches.seen(r -> isTouch(r, TouchKinds.LEAD_QUALIFIED, "leadId", id)))
                    .extracting(r -> touchOf(r).attributes().get("level")).containsExactly("mql", "sql");
        }
        JsonNode lead = json(call("GET", "/api/leads/" + id, null));
        assertThat(lead.get("status").asString()).isEqualTo("qualified");
        assertThat(lead.get("qualification").asString()).isEqualTo("sql");
    }

    @Test
    void loggingAMeetingWithALeadScoresIt() {
        String id = createLead("Lucía", "Fernández").get("id").asString();
        call("POST", "/api/activities", """
                {"type": "meeting", "leadId": "%s", "subject": "Visita a la tienda", "durationMinutes": 40}""".formatted(id));
        await().atMost(WAIT).until(() -> score(id) == 60);
        JsonNode score = json(call("GET", "/api/leads/" + id + "/score", null));
        assertThat(score.get("reasons").findValuesAsString("rule")).contains("meeting");
    }

    @Test
    void convertingALeadWithAKnownCustomersEmailLinksToThatCustomer() {
        String customer = customerId();
        String email = "mariana." + unique() + "@andina.example";
        publishProfile(customer, "Mariana", "Souza", email, 0);
        await().atMost(WAIT).until(() -> call("GET", "/api/customers/" + customer + "/briefing", null).statusCode() == 200);
        String id = created(call("POST", "/api/leads", """
                {"firstName": "Mariana", "lastName": "Souza", "email": "%s", "source": "partner"}""".formatted(email.toUpperCase()))).get("id").asString();
        try (TopicProbe touches = touches()) {
            JsonNode converted = json(call("POST", "/api/leads/" + id + "/convert", "{}"));
            assertThat(converted.get("customerId").asString()).isEqualTo(customer);
            assertThat(converted.get("linked").asBoolean()).isTrue();
            ConsumerRecord<String, byte[]> record = touches.await(r -> customer.equals(r.key()) && isTouch(r, TouchKinds.LEAD_CONVERTED, "leadId", id), WAIT);
            Touch t = touchOf(record);
            assertThat(t.customerId()).isEqualTo(customer);
            assertThat(t.accountId()).isEqualTo("acc_01JANDINA000000000000000000");
            assertThat(t.attributes()).containsEntry("linked", true).containsEntry("firstName", "Mariana")
                    .containsEntry("email", email.toUpperCase()).containsEntry("source", "partner");
        }
    }

    @Test
    void anErasedCustomersLeadsLoseTheirPersonalData() {
        String customer = customerId();
        String id = created(call("POST", "/api/leads", """
                {"firstName": "Olvido", "lastName": "Pérez", "email": "olvido.%s@example.com", "customerId": "%s"}""".formatted(unique(), customer))).get("id").asString();
        publishTombstone(customer);
        await().atMost(WAIT).until(() -> json(call("GET", "/api/leads/" + id, null)).get("email").isNull());
        assertThat(json(call("GET", "/api/leads/" + id, null)).get("firstName").isNull()).isTrue();
    }

    @Test
    void whenCustomerServiceLinksAConvertedLeadToAnExistingContactTheLeadAndItsDealFollow() {
        String id = createLead("Joana", "Reis").get("id").asString();
        JsonNode converted = json(call("POST", "/api/leads/" + id + "/convert", """
                {"opportunity": {"name": "Papel reciclado", "amount": {"amount": "800.00", "currency": "EUR"}}}"""));
        String minted = converted.get("customerId").asString();
        String opportunityId = converted.get("opportunity").get("id").asString();
        String existing = customerId();
        CrmEvent<Touch> linked = CrmEvent.touch("customer-service", Touch.builder(existing, TouchKinds.CONTACT_UPDATED)
                .ref("contactId", existing).ref("leadId", id).attribute("changed", java.util.List.of("externalIds"))
                .attribute("leadId", id).attribute("linkedCustomerId", minted).build(), null);
        publish(linked);
        publish(linked); // redelivery
        await().atMost(WAIT).until(() -> existing.equals(json(call("GET", "/api/leads/" + id, null)).get("customerId").asString()));
        await().atMost(WAIT).until(() -> existing.equals(json(call("GET", "/api/opportunities/" + opportunityId, null)).get("customerId").asString()));
        JsonNode lead = json(call("GET", "/api/leads/" + id, null));
        assertThat(lead.get("conversion").get("customerId").asString()).isEqualTo(existing);
        assertThat(lead.get("conversion").get("linked").asBoolean()).isTrue();
    }
}
