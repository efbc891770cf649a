package org.touchpoint.support.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Money;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.support.SupportServiceTest;
import tools.jackson.databind.JsonNode;

/** support-service against the embedded broker: what it publishes, and what it folds from touches and profiles. */
class SupportEventsTest extends SupportServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    EventCodec codec;

    private void publish(CrmEvent<Touch> event) {
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), codec.toRecord(Topics.TOUCHES, event));
    }

    private void publishProfile(CustomerProfile profile) {
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), codec.toRecord(Topics.CUSTOMER_PROFILES,
                CrmEvent.profile("customer-service", profile, null)));
    }

    private static CustomerProfile profile(String customerId, String accountId, String lastName, long version) {
        return new CustomerProfile(customerId, accountId, "Ferretería El Tornillo S.A.S.", "Lucía", lastName,
                "Lucía " + lastName, "Lu", "lucia@eltornillo.example", "+57 4 444 1234", "Gerente de Compras",
                "user:camila", "customer", Map.of(), List.of("vip"), version, Instant.now());
    }

    private static CrmEvent<Touch> won(String customerId, String accountId, String opportunityId, String productCode, Instant at) {
        return CrmEvent.touch("sales-service", Touch.builder(customerId, "opportunity.won").accountId(accountId)
                .channel(Channels.VISIT).occurredAt(at).ref("opportunityId", opportunityId).ref("pipelineId", "pip_1")
                .amount(new Money("18400.00", "EUR"))
                .attribute("name", "Renovación flota de terminales")
                .attribute("lineItems", List.of(
                        Map.of("productCode", "TPV-200", "name", "Terminal punto de venta", "category", "hardware",
                                "quantity", 40, "unitPrice", "400.00"),
                        Map.of("productCode", productCode, "name", "Plan de soporte", "category", "support-plan",
                                "quantity", 1, "unitPrice", "2400.00", "termMonths", 24)))
                .build(), null);
    }

    private JsonNode context(String customerId) {
        return json(call("GET", "/api/customers/" + customerId + "/support-context", null));
    }

    @Test
    void openingACasePublishesCaseOpenedOnTheCustomersKey() {
        String customer = customerId();
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            JsonNode c = openCase(customer, null, "high");
            ConsumerRecord<String, byte[]> record = touches.await(r -> customer.equals(r.key()), WAIT);
            Touch t = codec.readTouch(record).orElseThrow().data();
            assertThat(t.kind()).isEqualTo("case.opened");
            assertThat(t.channel()).isEqualTo("phone");
            assertThat(t.refs()).containsEntry("caseId", c.get("id").asString());
            assertThat(t.attributes()).containsEntry("number", c.get("number").asString()).containsEntry("tier", "basic")
                    .containsEntry("priority", "high").containsEntry("queue", "technical").containsEntry("status", "new");
            assertThat(TopicProbe.header(record, "ce_source")).isEqualTo("/crm/support-service");
        }
    }

    @Test
    void aWonSupportPlanSetsTheAccountsTierOnceAndALowerPlanNeverDowngradesIt() {
        String customer = customerId();
        String account = accountId();
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            CrmEvent<Touch> premium = won(customer, account, "opp_premium_" + unique(), "support-premium", Instant.parse("2026-11-20T10:00:00Z"));
            publish(premium);
            await().atMost(WAIT).until(() -> call("GET", "/api/entitlements/" + account, null).statusCode() == 200);
            JsonNode e = json(call("GET", "/api/entitlements/" + account, null));
            assertThat(e.get("tier").asString()).isEqualTo("premium");
            assertThat(e.get("validFrom").asString()).isEqualTo("2026-11-20");
            assertThat(e.get("validUntil").asString()).isEqualTo("2028-11-19");
            assertThat(e.get("source").asString()).isEqualTo("opportunity.won");

            Touch changed = codec.readTouch(touches.await(r -> account.equals(r.key()), WAIT)).orElseThrow().data();
            assertThat(changed.kind()).isEqualTo("entitlement.changed");
            assertThat(changed.customerId()).isEqualTo(account);
            assertThat(changed.accountId()).isEqualTo(account);
            assertThat(changed.attributes()).containsEntry("tier", "premium").containsEntry("source", "opportunity.won");

            publish(premium); // redelivery
            publish(won(customer, account, "opp_basic_" + unique(), "support-basic", Instant.parse("2026-11-21T10:00:00Z")));
            await().atMost(WAIT).until(() -> json(call("GET", "/api/entitlements/" + account, null)).get("history").size() == 2);
            JsonNode after = json(call("GET", "/api/entitlements/" + account, null));
            assertThat(after.get("tier").asString()).isEqualTo("premium");
            assertThat(after.get("history").get(1).get("outcome").asString()).startsWith("ignored");
            assertThat(touches.seen(r -> account.equals(r.key()))).hasSize(1);

            // and the account's customers are now served at premium
            assertThat(openCase(customer, account, "normal").get("tier").asString()).isEqualTo("premium");
        }
    }

    @Test
    void theAgentsContextFoldsProfileDealsCampaignAndTouchesWhateverTheirOrder() {
        String customer = customerId();
        String account = accountId();
        entitle(account, "standard");
        Instant t0 = Instant.parse("2026-11-10T09:00:00Z");
        publishProfile(profile(customer, account, "Gómez", 3));
        publishProfile(profile(customer, account, "Antigua", 1)); // older version, arrives later: ignored
        // the stage change arrives before the creation it follows
        publish(CrmEvent.touch("sales-service", Touch.builder(customer, "opportunity.stage-changed").accountId(account)
                .occurredAt(t0.plusSeconds(3600)).ref("opportunityId", "opp_A").attribute("name", "Ampliación 12 tiendas")
                .attribute("fromStage", "qualification").attribute("stage", "proposal").attribute("probability", 60)
                .amount(new Money("52000.00", "COP")).build(), null));
        publish(CrmEvent.touch("sales-service", Touch.builder(customer, "opportunity.created").accountId(account)
                .occurredAt(t0).ref("opportunityId", "opp_A").attribute("name", "Ampliación 12 tiendas")
                .attribute("stage", "qualification").amount(new Money("52000.00", "COP")).build(), null));
        publish(CrmEvent.touch("sales-service", Touch.builder(customer, "opportunity.created").occurredAt(t0)
                .ref("opportunityId", "opp_B").attribute("name", "Lector de códigos").attribute("stage", "qualification").build(), null));
        publish(CrmEvent.touch("sales-service", Touch.builder(customer, "opportunity.lost").occurredAt(t0.plusSeconds(60))
                .ref("opportunityId", "opp_B").attribute("name", "Lector de códigos").attribute("closeReason", "precio").build(), null));
        CrmEvent<Touch> sent = CrmEvent.touch("marketing-service", Touch.builder(customer, "message.sent").channel(Channels.EMAIL)
                .occurredAt(t0.plusSeconds(7200)).ref("campaignId", "cmp_1").ref("messageId", "msg_1")
                .attribute("campaignName", "Black Friday Ferreterías").attribute("offerCode", "BF25")
                .attribute("offerName", "25 % en herramientas eléctricas").attribute("subject", "Solo este fin de semana").build(), null);
        publish(sent);
        publish(sent); // redelivered
        publish(CrmEvent.touch("sales-service", Touch.builder(customer, "call.logged").channel(Channels.PHONE)
                .occurredAt(t0.plusSeconds(60)).attribute("subject", "Seguimiento propuesta").build(), null));

        await().atMost(WAIT).until(() -> call("GET", "/api/customers/" + customer + "/support-context", null).statusCode() == 200
                && context(customer).get("recentTouches").size() == 6);
        JsonNode ctx = context(customer);
        assertThat(ctx.get("known").asString()).isEqualTo("full");
        assertThat(ctx.get("profile").get("displayName").asString()).isEqualTo("Lucía Gómez");
        assertThat(ctx.get("tier").get("tier").asString()).isEqualTo("standard");
        assertThat(ctx.get("tier").get("accountId").asString()).isEqualTo(account);
        assertThat(ctx.get("openOpportunities").findValuesAsString("opportunityId")).containsExactly("opp_A");
        assertThat(ctx.get("openOpportunities").get(0).get("stage").asString()).isEqualTo("proposal");
        assertThat(ctx.get("openOpportunities").get(0).get("amount").asString()).isEqualTo("52000.00");
        assertThat(ctx.get("lastCampaign").get("campaignName").asString()).isEqualTo("Black Friday Ferreterías");
        assertThat(ctx.get("lastCampaign").get("offerName").asString()).isEqualTo("25 % en herramientas eléctricas");
        // conversations first (newest first), then bookkeeping
        assertThat(ctx.get("recentTouches").findValuesAsString("kind").subList(0, 2)).containsExactly("message.sent", "call.logged");
        assertThat(ctx.get("sla").get("cases").asInt()).isZero();
    }

    @Test
    void aDealsNewTermsShowInTheAgentsContextWhateverTheirOrder() {
        String customer = customerId();
        Instant t0 = Instant.parse("2026-11-12T09:00:00Z");
        // the update (a new amount, no stage change) arrives before the creation it follows
        publish(CrmEvent.touch("sales-service", Touch.builder(customer, "opportunity.updated").occurredAt(t0.plusSeconds(3600))
                .ref("opportunityId", "opp_U").attribute("name", "Ampliación 14 tiendas").attribute("changedFields", List.of("amount", "name"))
                .amount(new Money("61500.00", "EUR")).build(), null));
        publish(CrmEvent.touch("sales-service", Touch.builder(customer, "opportunity.created").occurredAt(t0)
                .ref("opportunityId", "opp_U").attribute("name", "Ampliación 12 tiendas").attribute("stage", "proposal")
                .amount(new Money("52000.00", "EUR")).build(), null));

        await().atMost(WAIT).until(() -> call("GET", "/api/customers/" + customer + "/support-context", null).statusCode() == 200
                && context(customer).get("recentTouches").size() == 2);
        JsonNode deal = context(customer).get("openOpportunities").get(0);
        assertThat(deal.get("opportunityId").asString()).isEqualTo("opp_U");
        assertThat(deal.get("amount").asString()).isEqualTo("61500.00");
        assertThat(deal.get("name").asString()).isEqualTo("Ampliación 14 tiendas");
        assertThat(deal.get("stage").asString()).isEqualTo("proposal");
    }

    @Test
    void aCustomerKnownOnlyThroughTouchesIsPartialAndAnUnknownOneIs404() {
        String customer = customerId();
        assertProblem(call("GET", "/api/customers/" + customer + "/support-context", null), 404);
        publish(CrmEvent.touch("sales-service", Touch.builder(customer, "call.logged").channel(Channels.PHONE).build(), null));
        await().atMost(WAIT).until(() -> call("GET", "/api/customers/" + customer + "/support-context", null).statusCode() == 200);
        JsonNode ctx = context(customer);
        assertThat(ctx.get("known").asString()).isEqualTo("partial");
        assertThat(ctx.get("profile").isNull()).isTrue();
        assertThat(ctx.get("tier").get("tier").asString()).isEqualTo("basic");
        assertThat(ctx.get("recentTouches").size()).isEqualTo(1);
    }

    @Test
    void theContextShowsTheCaseHistoryAndSlaRecord() {
        String customer = customerId();
        String id = openCase(customer, null, "normal").get("id").asString();
        openCase(customer, null, "low");
        call("POST", "/api/cases/" + id + "/status", """
                {"status": "resolved"}""");
        JsonNode ctx = context(customer);
        assertThat(ctx.get("known").asString()).isEqualTo("partial");
        assertThat(ctx.get("cases").size()).isEqualTo(2);
        assertThat(ctx.get("sla").get("cases").asInt()).isEqualTo(2);
        assertThat(ctx.get("sla").get("openCases").asInt()).isEqualTo(1);
        assertThat(ctx.get("cases").findValuesAsString("status")).contains("resolved", "new");
    }

    @Test
    void anErasedCustomersCopyIsForgotten() {
        String customer = customerId();
        publishProfile(profile(customer, null, "Borrada", 0));
        await().atMost(WAIT).until(() -> call("GET", "/api/customers/" + customer + "/support-context", null).statusCode() == 200);
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), codec.profileTombstone(customer));
        await().atMost(WAIT).until(() -> call("GET", "/api/customers/" + customer + "/support-context", null).statusCode() == 404);
    }

    @Test
    void aRecordThatIsNotATouchGoesToTheDeadLetterTopic() {
        String key = customerId();
        try (TopicProbe dlt = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.deadLetter(Topics.TOUCHES, "support-service"))) {
            TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(),
                    new ProducerRecord<>(Topics.TOUCHES, key, "{not a cloud event".getBytes(StandardCharsets.UTF_8)));
            dlt.await(r -> key.equals(r.key()), WAIT);
        }
    }

    @Test
    void aDeletedCustomersCasesLoseTheirFreeTextButKeepTheirFacts() {
        String customer = customerId();
        publishProfile(profile(customer, null, "Olvidada", 0));
        String caseId = openCase(customer, null, "high").get("id").asString();
        call("POST", "/api/cases/" + caseId + "/comments", """
                {"body": "Mi cédula es 43.555.123, llámenme al 300 555 1234", "visibility": "public", "fromCustomer": true}""");
        call("POST", "/api/cases/" + caseId + "/work-logs", """
                {"agent": "user:camila", "minutes": 30, "rate": {"amount": "40.00", "currency": "EUR"}, "note": "Llamé a Lucía al 300 555 1234"}""");
        String visit = json(call("POST", "/api/cases/" + caseId + "/visits", """
                {"technician": "jorge", "windowStart": "2026-11-23T14:00:00Z", "windowEnd": "2026-11-23T15:00:00Z",
                 "address": {"line1": "Carrera 70 # 1-20 apto 502", "city": "Medellín", "country": "CO"}}""")).get("id").asString();
        await().atMost(WAIT).until(() -> context(customer).get("known").asString().equals("full"));

        CrmEvent<Touch> deleted = CrmEvent.touch("customer-service", Touch.builder(customer, "contact.deleted").ref("contactId", customer).build(), null);
        publish(deleted);
        await().atMost(WAIT).until(() -> json(call("GET", "/api/cases/" + caseId, null)).get("subject").asString().equals("[erased]"));
        JsonNode c = json(call("GET", "/api/cases/" + caseId, null));
        assertThat(c.get("description").isNull()).isTrue();
        assertThat(c.get("comments").get(0).get("body").asString()).isEqualTo("[erased]");
        assertThat(c.get("number").asString()).startsWith("CS-");
        assertThat(c.get("priority").asString()).isEqualTo("high");
        await().atMost(WAIT).until(() -> json(call("GET", "/api/visits/" + visit, null)).get("address").isNull());
        JsonNode cost = json(call("GET", "/api/customers/" + customer + "/support-cost", null));
        assertThat(cost.get("totals").get(0).get("amount").asString()).isEqualTo("20.00");
        JsonNode logs = json(call("GET", "/api/cases/" + caseId + "/work-logs", null));
        assertThat(logs.get("items").get(0).get("note").isNull()).isTrue();
        assertThat(context(customer).get("known").asString()).isEqualTo("partial"); // the profile copy is forgotten
        publish(deleted); // redelivery changes nothing
        publishProfile(profile(customer, null, "Olvidada", 1)); // nor does a late profile
        publish(CrmEvent.touch("sales-service", Touch.builder(customer, "call.logged").channel(Channels.PHONE).build(), null));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> context(customer).get("known").asString().equals("partial"));
    }
}
