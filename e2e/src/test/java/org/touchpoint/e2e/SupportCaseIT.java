package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.touchpoint.e2e.TestData.contact;
import static org.touchpoint.e2e.TestData.id;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.touchpoint.dev.PlatformEndpoints;
import org.touchpoint.e2e.Gateway.Reply;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import tools.jackson.databind.JsonNode;

/**
 * Support through the gateway, as a user would: a premium customer's urgent case breaches a short test SLA, is
 * escalated, worked (cost recorded), resolved and rated through the public survey link (no API key); the agent's
 * context and the compliance report show it.
 */
@ExtendWith(RunningPlatform.class)
class SupportCaseIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Gateway gateway;
    private final PlatformEndpoints endpoints;

    SupportCaseIT(Gateway gateway, PlatformEndpoints endpoints) {
        this.gateway = gateway;
        this.endpoints = endpoints;
    }

    private static void ok(Reply reply, int status) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    }

    @Test
    void aPremiumCustomersUrgentCaseBreachesIsEscalatedWorkedResolvedAndRated() {
        Instant from = Instant.now().minusSeconds(5);
        // the customer, in customer-service
        String account = id(TestData.createAccount(gateway, "Supermercados La Económica " + TestData.unique()));
        Map<String, Object> body = contact("Lucía", "Fernández");
        body.put("accountId", account);
        String customer = id(TestData.create(gateway, body));

        // the account's support tier, and a short test policy for premium/urgent
        ok(gateway.api().put("/api/entitlements/" + account, Map.of("tier", "premium", "validFrom", "2026-01-01",
                "validUntil", "2099-12-31")), 200);
        Reply original = gateway.api().get("/api/sla-policies/premium/urgent");
        ok(original, 200);
        ok(gateway.api().put("/api/sla-policies/premium/urgent", Map.of("firstResponse", "PT2S", "resolution", "PT1H")), 200);
        try (Kafka.Reader touches = Kafka.read(endpoints, Topics.TOUCHES)) {
            // support-service learns the customer's account from the profile topic
            await("the customer's profile reaches support-service").atMost(WAIT).until(() -> {
                Reply ctx = gateway.api().get("/api/customers/" + customer + "/support-context");
                return ctx.status() == 200 && "full".equals(ctx.json().path("known").asString());
            });

            Reply opened = gateway.api().post("/api/cases", Map.of("customerId", customer,
                    "subject", "Las cajas registradoras no sincronizan con el inventario",
                    "description", "Desde anoche las 14 cajas de la sede Laureles no descuentan inventario.",
                    "channel", "phone", "priority", "urgent", "category", "software", "queue", "technical"));
            ok(opened, 201);
            JsonNode c = opened.json();
            String caseId = id(c);
            assertThat(c.path("tier").asString()).isEqualTo("premium");
            assertThat(c.path("accountId").asString()).isEqualTo(account);
            assertThat(c.path("sla").path("firstResponseTarget").asString()).isEqualTo("PT2S");

            // no one answers within 2 s: breached, recorded and escalated, once
            await("the case breaches and is escalated").atMost(WAIT).until(() -> {
                JsonNode now = gateway.api().get("/api/cases/" + caseId).json();
                return now.path("breached").asBoolean() && "escalations".equals(now.path("queue").asString());
            });
            ConsumerRecord<String, byte[]> breach = touches.awaitRecord("sla.breached of " + caseId, WAIT,
                    r -> customer.equals(r.key()) && isTouch(r, "sla.breached", caseId));
            Touch breached = Kafka.touch(breach).orElseThrow().data();
            assertThat(breached.attributes()).containsEntry("target", "first-response").containsEntry("tier", "premium");
            Touch escalated = Kafka.touch(touches.awaitRecord("case.escalated of " + caseId, WAIT,
                    r -> customer.equals(r.key()) && isTouch(r, "case.escalated", caseId))).orElseThrow().data();
            assertThat(escalated.attributes()).containsEntry("reason", "sla-breach").containsEntry("queue", "escalations");
            JsonNode history = gateway.api().get("/api/cases/" + caseId).json().path("history");
            assertThat(history.findValuesAsString("type").stream().filter("sla-breach"::equals)).hasSize(1);
            assertThat(gateway.api().get("/api/cases?breached=true&customerId=" + customer).json().path("items").size()).isEqualTo(1);

            // worked: an agent answers and logs 90 minutes at 60 EUR/h
            ok(gateway.api().post("/api/cases/" + caseId + "/comments", Map.of("visibility", "public",
                    "body", "Hola Lucía, ya identificamos el problema en el conector del inventario.")), 201);
            Reply logged = gateway.api().post("/api/cases/" + caseId + "/work-logs", Map.of("agent", "user:andres.mejia",
                    "minutes", 90, "rate", Map.of("amount", "60.00", "currency", "EUR"), "note", "Reinicio del conector y resincronización"));
            ok(logged, 201);
            assertThat(logged.json().path("cost").path("amount").asString()).isEqualTo("90.00");
            Reply negative = gateway.api().post("/api/cases/" + caseId + "/work-logs", Map.of("agent", "user:andres.mejia",
                    "minutes", -5, "rate", Map.of("amount", "60.00", "currency", "EUR")));
            ok(negative, 400);
            assertThat(negative.errorFields()).contains("minutes");

            // resolved: the survey link is issued
            Reply resolved = gateway.api().post("/api/cases/" + caseId + "/status", Map.of("status", "resolved",
                    "note", "Sincronización restablecida"));
            ok(resolved, 200);
            // the link's host is crm.support.public-base-url (CRM_PUBLIC_BASE_URL, which the platform sets to its gateway)
            String surveyPath = URI.create(resolved.json().path("survey").path("url").asString()).getPath();
            assertThat(surveyPath).startsWith("/public/surveys/");
            ok(gateway.api().post("/api/cases/" + caseId + "/status", Map.of("status", "open")), 409);

            // rated by the customer, without any API key
            Reply question = gateway.as(null).get(surveyPath);
            ok(question, 200);
            ok(gateway.as(null).post(surveyPath, Map.of("score", 5, "comment", "Lo resolvieron rapidísimo")), 200);
            Reply again = gateway.as(null).post(surveyPath, Map.of("score", 1));
            ok(again, 410);
            ok(gateway.as(null).post("/public/surveys/forged.123.abc", Map.of("score", 5)), 400);
            Touch csat = Kafka.touch(touches.awaitRecord("csat.received of " + caseId, WAIT,
                    r -> customer.equals(r.key()) && isTouch(r, "csat.received", caseId))).orElseThrow().data();
            assertThat(csat.attributes()).containsEntry("score", 5);
        } finally {
            gateway.api().put("/api/sla-policies/premium/urgent", Map.of(
                    "firstResponse", original.json().path("firstResponse").asString(),
                    "resolution", original.json().path("resolution").asString()));
        }

        // the agent's context shows the tier, the case, its breach and the rating
        JsonNode ctx = gateway.api().get("/api/customers/" + customer + "/support-context").json();
        assertThat(ctx.path("profile").path("displayName").asString()).isEqualTo("Lucía Fernández");
        assertThat(ctx.path("tier").path("tier").asString()).isEqualTo("premium");
        assertThat(ctx.path("cases").get(0).path("status").asString()).isEqualTo("resolved");
        assertThat(ctx.path("cases").get(0).path("breached").asBoolean()).isTrue();
        assertThat(ctx.path("cases").get(0).path("satisfaction").asInt()).isEqualTo(5);
        assertThat(ctx.path("sla").path("breachedCases").asInt()).isEqualTo(1);
        assertThat(ctx.path("sla").path("csatAverage").asDouble()).isEqualTo(5.0);

        // the cost for billing
        JsonNode cost = gateway.api().get("/api/customers/" + customer + "/support-cost").json();
        assertThat(cost.path("totals").get(0).path("amount").asString()).isEqualTo("90.00");
        assertThat(cost.path("totals").get(0).path("currency").asString()).isEqualTo("EUR");

        // and the compliance report counts the breach under premium/urgent
        Reply compliance = gateway.api().get("/api/sla/compliance?from=" + from + "&to=" + Instant.now().plusSeconds(5));
        ok(compliance, 200);
        JsonNode group = compliance.json().path("groups").valueStream()
                .filter(g -> g.path("tier").asString().equals("premium") && g.path("priority").asString().equals("urgent"))
                .findFirst().orElseThrow(() -> new AssertionError("no premium/urgent group in " + compliance));
        assertThat(group.path("breached").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(group.path("firstResponseBreached").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void unknownQueuesAndTiersAre400AndTheSurveyNeedsNoKeyButTheApiDoes() {
        Reply badQueue = gateway.api().post("/api/cases", Map.of("customerId", "con_x", "subject", "x", "channel", "web",
                "queue", "ventas"));
        ok(badQueue, 400);
        assertThat(badQueue.errorFields()).contains("queue");
        Reply badTier = gateway.api().put("/api/entitlements/acc_x", Map.of("tier", "oro", "validFrom", "2026-01-01",
                "validUntil", "2026-12-31"));
        ok(badTier, 400);
        assertThat(badTier.errorFields()).contains("tier");
        ok(gateway.as(null).get("/api/cases"), 401);
        ok(gateway.api().get("/api/queues"), 200);
    }

    private static boolean isTouch(ConsumerRecord<String, byte[]> record, String kind, String caseId) {
        return Kafka.touch(record).map(e -> e.data().kind().equals(kind) && caseId.equals(e.data().refs().get("caseId"))).orElse(false);
    }
}
