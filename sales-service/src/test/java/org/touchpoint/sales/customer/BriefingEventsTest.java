package org.touchpoint.sales.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Money;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.sales.SalesEventsTest;
import tools.jackson.databind.JsonNode;

/** The briefing's local copy of a customer: profiles and other teams' touches folded once, in occurrence order. */
class BriefingEventsTest extends SalesEventsTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    private JsonNode briefing(String customerId) {
        return json(call("GET", "/api/customers/" + customerId + "/briefing", null));
    }

    @Test
    void touchesOfAnUnknownCustomerAreKeptUntilTheProfileArrives() {
        String customer = customerId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publish("support-service", Touch.builder(customer, TouchKinds.CASE_OPENED).channel(Channels.PHONE).occurredAt(now.minusSeconds(7200))
                .ref("caseId", "cas_1").attribute("number", "C-1001").attribute("subject", "La impresora no imprime en color")
                .attribute("priority", "high").attribute("status", "new").build());
        publish("support-service", Touch.builder(customer, TouchKinds.SLA_BREACHED).occurredAt(now.minusSeconds(3600))
                .ref("caseId", "cas_1").attribute("target", "first-response").attribute("priority", "high").build());
        publish("marketing-service", Touch.builder(customer, TouchKinds.MESSAGE_SENT).channel(Channels.EMAIL).occurredAt(now.minusSeconds(86400))
                .ref("campaignId", "cmp_1").ref("messageId", "msg_1").attribute("campaignName", "Vuelta al cole")
                .attribute("offerName", "Cartuchos 3x2").attribute("offerCode", "COLE3X2").build());
        publish("support-service", Touch.builder(customer, TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).occurredAt(now.minusSeconds(600))
                .ref("caseId", "cas_0").attribute("score", 2).attribute("comment", "Tardaron mucho").build());
        publish("sales-service", Touch.builder(customer, TouchKinds.OPPORTUNITY_WON).channel(Channels.VISIT).occurredAt(now.minusSeconds(86400 * 30))
                .ref("opportunityId", "opp_old").amount(new Money("900.00", "EUR")).attribute("name", "Multifunción HP")
                .attribute("lineItems", List.of(Map.of("productCode", "HP-MFP-4103", "category", "printers", "quantity", "1", "unitPrice", "900.00")))
                .build());
        await().atMost(WAIT).until(() -> {
            var r = call("GET", "/api/customers/" + customer + "/briefing", null);
            return r.statusCode() == 200 && json(r).get("pastPurchases").size() == 1 && json(r).get("satisfaction").isObject()
                    && json(r).get("openCases").size() == 1 && json(r).get("recentSlaBreaches").size() == 1 && json(r).get("lastCampaign").isObject();
        });
        assertThat(briefing(customer).get("profileKnown").asBoolean()).isFalse();

        publishProfile(customer, "Carmen", "Ortega", "carmen@andina.example", 4);
        await().atMost(WAIT).until(() -> briefing(customer).get("profileKnown").asBoolean());
        JsonNode b = briefing(customer);
        assertThat(b.get("profile").get("displayName").asString()).isEqualTo("Carmen Ortega");
        assertThat(b.get("profile").get("nickname").asString()).isEqualTo("Menchu");
        assertThat(b.get("profile").get("preferences").asString()).isEqualTo("Prefiere visitas los martes por la mañana");
        assertThat(b.get("openCases").get(0).get("subject").asString()).isEqualTo("La impresora no imprime en color");
        assertThat(b.get("recentSlaBreaches").get(0).get("target").asString()).isEqualTo("first-response");
        assertThat(b.get("lastCampaign").get("offerName").asString()).isEqualTo("Cartuchos 3x2");
        assertThat(b.get("satisfaction").get("lastScore").asInt()).isEqualTo(2);
        assertThat(b.get("pastPurchases").get(0).get("lineItems").get(0).get("productCode").asString()).isEqualTo("HP-MFP-4103");
        assertThat(b.get("pastPurchases").get(0).get("amount").get("amount").asString()).isEqualTo("900.00");
    }

    @Test
    void aCaseResolvedBeforeItsOpeningArrivesIsNotOpenAndRedeliveryCountsOnce() {
        String customer = customerId();
        Instant opened = Instant.parse("2026-11-10T09:00:00Z");
        publishProfile(customer, "Rui", "Costa", "rui@porto.example", 0);
        publish("support-service", Touch.builder(customer, TouchKinds.CASE_RESOLVED).occurredAt(opened.plusSeconds(3600)).ref("caseId", "cas_9")
                .attribute("number", "C-9").build());
        CrmEvent<Touch> csat = publish("support-service", Touch.builder(customer, TouchKinds.CSAT_RECEIVED).channel(Channels.WEB)
                .ref("caseId", "cas_9").attribute("score", 5).build());
        publish(csat); // redelivered
        publish("support-service", Touch.builder(customer, TouchKinds.CASE_OPENED).channel(Channels.CHAT).occurredAt(opened).ref("caseId", "cas_9")
                .attribute("subject", "Tóner atascado").build());
        publish("support-service", Touch.builder(customer, TouchKinds.CASE_OPENED).channel(Channels.CHAT).occurredAt(opened).ref("caseId", "cas_10")
                .attribute("subject", "Marcador").build());
        await().atMost(WAIT).until(() -> {
            var r = call("GET", "/api/customers/" + customer + "/briefing", null);
            return r.statusCode() == 200 && json(r).get("openCases").size() == 1
                    && "cas_10".equals(json(r).get("openCases").get(0).get("caseId").asString());
        });
        JsonNode b = briefing(customer);
        assertThat(b.get("satisfaction").get("responses").asInt()).isEqualTo(1);
        assertThat(b.get("satisfaction").get("average").asDouble()).isEqualTo(5.0);
    }

    @Test
    void anOlderProfileVersionDoesNotOverwriteANewerOne() {
        String customer = customerId();
        publishProfile(customer, "Ana", "Nueva", "ana@example.com", 5);
        publishProfile(customer, "Ana", "Vieja", "ana.old@example.com", 2);
        publishProfile(customer, "Ana", "Marcador", "ana@example.com", 6);
        await().atMost(WAIT).until(() -> {
            var r = call("GET", "/api/customers/" + customer + "/briefing", null);
            return r.statusCode() == 200 && "Marcador".equals(json(r).get("profile").get("lastName").asString());
        });
        publishProfile(customer, "Ana", "Vieja", "ana.old@example.com", 2);
        publishProfile(customer, "Ana", "Final", "ana@example.com", 7);
        await().atMost(WAIT).until(() -> "Final".equals(briefing(customer).get("profile").get("lastName").asString()));
    }

    @Test
    void aTombstoneErasesTheCopyAndLaterTouchesDoNotBringItBack() {
        String customer = customerId();
        publishProfile(customer, "Borrar", "Me", "borrar@example.com", 0);
        await().atMost(WAIT).until(() -> call("GET", "/api/customers/" + customer + "/briefing", null).statusCode() == 200);
        publishTombstone(customer);
        await().atMost(WAIT).until(() -> call("GET", "/api/customers/" + customer + "/briefing", null).statusCode() == 404);
        publishOnPartitionZero("support-service", Touch.builder(customer, TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).ref("caseId", "c")
                .attribute("score", 3).build());
        publishOnPartitionZero("marketing-service", Touch.builder(customer, TouchKinds.CAMPAIGN_RESPONDED).channel(Channels.WEB)
                .ref("campaignId", "cmp_late").build());
        // A live customer's touch after those two on the same partition: once it shows, they were handled.
        String probe = customerId();
        publishOnPartitionZero("support-service", Touch.builder(probe, TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).ref("caseId", "c")
                .attribute("score", 4).build());
        await().atMost(WAIT).until(() -> {
            var r = call("GET", "/api/customers/" + probe + "/briefing", null);
            return r.statusCode() == 200 && json(r).get("satisfaction").isObject();
        });
        assertThat(json(call("GET", "/api/leads?customerId=" + customer, null)).get("items").size()).as("no lead for an erased customer").isZero();
        assertThat(call("GET", "/api/customers/" + customer + "/briefing", null).statusCode()).isEqualTo(404);
        org.bson.Document left = mongo.findById(customer, org.bson.Document.class, "customers");
        assertThat(left.get("forgotten")).isEqualTo(true);
        assertThat(left).doesNotContainKeys("csat", "profile", "cases");
    }

    @Test
    void aRecordThatIsNotACloudEventGoesToTheDeadLetterTopic() {
        String key = customerId();
        try (TopicProbe dlt = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.deadLetter(Topics.TOUCHES, "sales-service"))) {
            TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), new ProducerRecord<>(Topics.TOUCHES, key, "garbage".getBytes()));
            assertThat(dlt.await(r -> key.equals(r.key()), WAIT).value()).isEqualTo("garbage".getBytes());
        }
        // and the consumer carries on
        String next = customerId();
        publishProfile(next, "Sigue", "Vivo", "sigue@example.com", 0);
        publish("support-service", Touch.builder(next, TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).ref("caseId", "c").attribute("score", 4).build());
        await().atMost(WAIT).until(() -> {
            var r = call("GET", "/api/customers/" + next + "/briefing", null);
            return r.statusCode() == 200 && json(r).get("satisfaction").isObject();
        });
    }
}
