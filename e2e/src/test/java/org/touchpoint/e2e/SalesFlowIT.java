package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.touchpoint.dev.PlatformEndpoints;
import org.touchpoint.e2e.Gateway.Reply;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import tools.jackson.databind.JsonNode;

/**
 * The sales issue's "done when", through the gateway as a salesperson's app would do it: a web lead is scored with
 * reasons, converted, becomes a contact in customer-service; its opportunity moves through the stages to won; the
 * forecast and the visit briefing reflect it; a reminder fires once.
 */
@ExtendWith(RunningPlatform.class)
class SalesFlowIT {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    private final Gateway gateway;
    private final PlatformEndpoints endpoints;

    SalesFlowIT(Gateway gateway, PlatformEndpoints endpoints) {
        this.gateway = gateway;
        this.endpoints = endpoints;
    }

    private JsonNode ok(Reply reply, int status) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        return reply.json();
    }

    private JsonNode webLead(String owner) {
        return ok(gateway.api().post("/api/leads", Map.of(
                "firstName", "Carmen", "lastName", "Ortega", "email", TestData.emailFor("Carmen", "Ortega"),
                "company", "Papelería El Sol", "title", "Gerente de Compras", "industry", "retail", "companySize", 80,
                "country", "ES", "source", "web", "ownerId", owner)), 201);
    }

    @Test
    void aLeadIsScoredConvertedWonForecastBriefedAndRemindedOnce() {
        String owner = "user:e2e-" + TestData.unique();
        String leadId = TestData.id(webLead(owner));
        int fitScore = ok(gateway.api().get("/api/leads/" + leadId + "/score"), 200).path("score").asInt();

        // Engagement: the salesperson meets the lead; the meeting is a touch, which comes back and rescores the lead.
        ok(gateway.api().post("/api/activities", Map.of("type", "meeting", "leadId", leadId,
                "subject", "Demostración de la multifunción en tienda", "durationMinutes", 45)), 201);
        await("the meeting rescoring " + leadId).atMost(EVENT_WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.api().get("/api/leads/" + leadId + "/score").json().path("score").asInt() > fitScore);
        JsonNode score = ok(gateway.api().get("/api/leads/" + leadId + "/score"), 200);
        assertThat(score.path("reasons").findValuesAsString("rule")).contains("target-industry", "meeting");
        assertThat(score.path("qualification").asString()).isEqualTo("mql");

        // Conversion, opening the deal.
        String closeDate = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode converted = ok(gateway.api().post("/api/leads/" + leadId + "/convert", Map.of("opportunity", Map.of(
                "name", "Tóner y soporte para 12 sucursales", "currency", "EUR", "expectedCloseDate", closeDate,
                "lineItems", List.of(
                        Map.of("productCode", "TONER-HP-85A", "name", "Tóner HP 85A", "category", "ink-cartridges", "quantity", 40, "unitPrice", "62.50"),
                        Map.of("productCode", "support-premium", "name", "Soporte premium", "category", "support-plan", "quantity", 1, "unitPrice", "1200.00"))))),
                200);
        String customerId = converted.path("customerId").asString();
        String opportunityId = converted.path("opportunity").path("id").asString();
        assertThat(customerId).startsWith("con_");
        assertThat(ok(gateway.api().post("/api/leads/" + leadId + "/convert", Map.of()), 409)).isNotNull();

        try (SalesTouchReader touches = new SalesTouchReader(endpoints)) {
            // Through the stages to won.
            for (String stage : List.of("qualification", "proposal", "negotiation")) {
                ok(gateway.api().post("/api/opportunities/" + opportunityId + "/stage", Map.of("stage", stage)), 200);
            }
            JsonNode won = ok(gateway.api().post("/api/opportunities/" + opportunityId + "/stage",
                    Map.of("stage", "won", "closeReason", "Mejor precio por volumen", "channel", "visit")), 200);
            assertThat(won.path("stageHistory").findValuesAsString("stage"))
                    .containsExactly("prospecting", "qualification", "proposal", "negotiation", "won");
            ConsumerRecord<String, byte[]> wonRecord = touches.awaitRecord("opportunity.won of " + opportunityId, EVENT_WAIT,
                    r -> customerId.equals(r.key()) && is(r, TouchKinds.OPPORTUNITY_WON, "opportunityId", opportunityId));
            assertThat(Kafka.touch(wonRecord).orElseThrow().data().amount().amount()).isEqualTo("3700.00");
            assertThat(ok(gateway.api().post("/api/opportunities/" + opportunityId + "/stage", Map.of("stage", "proposal")), 409)).isNotNull();

            // The forecast of this month, for this owner.
            JsonNode forecast = ok(gateway.api().get("/api/forecast?period=month&groupBy=owner&ownerId=" + Gateway.enc(owner)), 200);
            assertThat(forecast.path("won").asInt()).isEqualTo(1);
            assertThat(forecast.path("winRate").asDouble()).isEqualTo(1.0);
            assertThat(forecast.path("total").path("categories").path("closed").get(0).path("amount").asString()).isEqualTo("3700.00");
            assertThat(forecast.path("groups").findValuesAsString("key")).containsExactly(owner);

            // A call after the sale, and the briefing before the next visit.
            ok(gateway.api().post("/api/activities", Map.of("type", "call", "customerId", customerId,
                    "subject", "Confirmar la entrega del tóner", "outcome", "entregado", "direction", "outbound")), 201);
            await("the won deal in the briefing of " + customerId).atMost(EVENT_WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> gateway.api().get("/api/customers/" + customerId + "/briefing").json().path("pastPurchases").size() == 1);
            JsonNode briefing = ok(gateway.api().get("/api/customers/" + customerId + "/briefing"), 200);
            assertThat(briefing.path("pastPurchases").get(0).path("lineItems").findValuesAsString("category"))
                    .containsExactly("ink-cartridges", "support-plan");
            assertThat(briefing.path("openOpportunities").size()).isZero();
            assertThat(briefing.path("lastActivities").get(0).path("subject").asString()).isEqualTo("Confirmar la entrega del tóner");

            // The customer asks to be called back: a reminder fires once at its time.
            Instant dueAt = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
            String taskId = TestData.id(ok(gateway.api().post("/api/tasks", Map.of("title", "Volver a llamar a Carmen",
                    "customerId", customerId, "ownerId", owner, "dueAt", dueAt.toString())), 201));
            touches.awaitRecord("task.due of " + taskId, EVENT_WAIT, r -> is(r, TouchKinds.TASK_DUE, "taskId", taskId));
            JsonNode task = ok(gateway.api().get("/api/tasks/" + taskId), 200);
            assertThat(task.path("firedAt").isNull()).isFalse();
            JsonNode overdue = ok(gateway.api().get("/api/tasks?owner=" + Gateway.enc(owner) + "&due=overdue"), 200);
            assertThat(overdue.path("items").findValuesAsString("id")).contains(taskId);
            // A later touch of the same customer (same partition): once it is read, a second firing would have been too.
            String marker = TestData.id(ok(gateway.api().post("/api/activities", Map.of("type", "email", "customerId", customerId,
                    "subject", "Resumen de la llamada", "direction", "outbound")), 201));
            touches.awaitRecord("email.logged " + marker, EVENT_WAIT, r -> is(r, TouchKinds.EMAIL_LOGGED, "activityId", marker));
            assertThat(touches.count(r -> is(r, TouchKinds.TASK_DUE, "taskId", taskId))).isEqualTo(1);
        }
    }

    /** Needs customer-service to consume lead.converted (the lead engineer's change). */
    @Test
    void theConvertedLeadAppearsAsAContactWithTheSameId() {
        JsonNode lead = webLead("user:e2e-" + TestData.unique());
        String customerId = ok(gateway.api().post("/api/leads/" + TestData.id(lead) + "/convert", Map.of()), 200).path("customerId").asString();
        await("contact " + customerId + " in customer-service").atMost(EVENT_WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> gateway.api().get("/api/contacts/" + customerId).status() == 200);
        JsonNode contact = ok(gateway.api().get("/api/contacts/" + customerId), 200);
        assertThat(contact.path("firstName").asString()).isEqualTo("Carmen");
        assertThat(contact.path("emails").get(0).asString()).isEqualTo(lead.path("email").asString());
        // customer-service publishes the new contact's profile; the sales copy picks it up for the briefing.
        await("profile of " + customerId + " in the briefing").atMost(EVENT_WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> gateway.api().get("/api/customers/" + customerId + "/briefing").json().path("profileKnown").asBoolean());
    }

    private static boolean is(ConsumerRecord<String, byte[]> record, String kind, String ref, String id) {
        try {
            return Kafka.touch(record).map(CrmEvent::data)
                    .map((Touch t) -> t.kind().equals(kind) && id.equals(t.refs().get(ref))).orElse(false);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }
}
