package org.touchpoint.support.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.test.TestTokens;
import org.touchpoint.support.SupportServiceTest;
import tools.jackson.databind.JsonNode;

/** The cases API: one test per behaviour, error paths included. */
class CaseApiTest extends SupportServiceTest {

    @Test
    void opensACaseWithNumberTierAndSlaClocks() {
        String account = accountId();
        entitle(account, "premium");
        HttpResponse<String> r = call("POST", "/api/cases", """
                {"customerId": "%s", "accountId": "%s", "subject": "Pedido 4471 llegó incompleto",
                 "channel": "email", "priority": "high"}""".formatted(customerId(), account));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/api/cases/cas_");
        assertThat(r.headers().firstValue("ETag")).contains("\"0\"");
        JsonNode c = json(r);
        assertThat(c.get("number").asString()).matches("CS-\\d{6}");
        assertThat(c.get("tier").asString()).isEqualTo("premium");
        assertThat(c.get("status").asString()).isEqualTo("new");
        assertThat(c.get("queue").asString()).isEqualTo("general");
        assertThat(c.get("sla").get("firstResponseTarget").asString()).isEqualTo("PT1H");
        assertThat(c.get("sla").get("firstResponse").get("state").asString()).isEqualTo("running");
        assertThat(c.get("sla").get("firstResponse").get("dueAt").asString()).isNotBlank();
        assertThat(c.get("history").get(0).get("to").asString()).isEqualTo("new");

        JsonNode again = json(call("GET", "/api/cases/" + c.get("id").asString(), null));
        assertThat(again.get("subject").asString()).isEqualTo("Pedido 4471 llegó incompleto");
    }

    @Test
    void aCustomerWithoutEntitlementIsServedAtTheDefaultTier() {
        JsonNode c = openCase(customerId(), null, "normal");
        assertThat(c.get("tier").asString()).isEqualTo("basic");
        assertThat(c.get("sla").get("policyTier").asString()).isEqualTo("basic");
    }

    @Test
    void caseNumbersAreUniqueAndIncreasing() {
        String a = openCase(customerId(), null, "low").get("number").asString();
        String b = openCase(customerId(), null, "low").get("number").asString();
        assertThat(b).isGreaterThan(a);
    }

    @Test
    void invalidFieldsAre400NamingEachOne() {
        HttpResponse<String> r = call("POST", "/api/cases", """
                {"subject": "", "channel": "fax"}""");
        assertProblem(r, 400, "customerId", "subject");
        assertProblem(call("POST", "/api/cases", """
                {"customerId": "%s", "subject": "x", "channel": "fax"}""".formatted(customerId())), 400, "channel");
        assertProblem(call("POST", "/api/cases", """
                {"customerId": "%s", "subject": "x", "channel": "web", "priority": "asap"}""".formatted(customerId())), 400, "priority");
        assertProblem(call("POST", "/api/cases", """
                {"customerId": "{$gt: ''}", "accountId": "a.b", "subject": "x", "channel": "web"}"""), 400, "customerId", "accountId");
    }

    @Test
    void anUnknownQueueIs400() {
        assertProblem(call("POST", "/api/cases", """
                {"customerId": "%s", "subject": "x", "channel": "web", "queue": "ventas"}""".formatted(customerId())), 400, "queue");
        String id = openCase(customerId(), null, "low").get("id").asString();
        assertProblem(call("PATCH", "/api/cases/" + id, """
                {"queue": "nowhere"}"""), 400, "queue");
    }

    @Test
    void theQueuesAndTiersAreReadOnlyConfiguration() {
        JsonNode q = json(call("GET", "/api/queues", null));
        assertThat(q.get("queues").valueStream().map(JsonNode::asString)).containsExactly("general", "technical", "billing", "escalations");
        assertThat(q.get("tiers").valueStream().map(JsonNode::asString)).startsWith("basic", "standard", "premium");
    }

    @Test
    void anUnknownCaseIs404() {
        assertProblem(call("GET", "/api/cases/cas_01JD5Z8Q4W3V6R7T8Y9U0I1O2P", null), 404);
    }

    @Test
    void followsTheStatusMachineAndRefusesIllegalTransitionsWith409() {
        String id = openCase(customerId(), null, "normal").get("id").asString();
        assertProblem(call("POST", "/api/cases/" + id + "/status", """
                {"status": "reopened"}"""), 409);
        assertThat(call("POST", "/api/cases/" + id + "/status", """
                {"status": "open"}""").statusCode()).isEqualTo(200);
        JsonNode pending = json(call("POST", "/api/cases/" + id + "/status", """
                {"status": "pending-customer", "note": "Esperando fotos del equipo"}"""));
        assertThat(pending.get("sla").get("resolution").get("state").asString()).isEqualTo("paused");
        assertThat(pending.get("sla").get("firstResponse").get("state").asString()).isEqualTo("met");
        assertThat(pending.get("firstRespondedAt").isNull()).isFalse();
        JsonNode resolved = json(call("POST", "/api/cases/" + id + "/status", """
                {"status": "resolved"}"""));
        assertThat(resolved.get("status").asString()).isEqualTo("resolved");
        assertThat(resolved.get("survey").get("url").asString()).startsWith("https://crm.andina.example/public/surveys/");
        assertThat(resolved.get("allowedTransitions").valueStream().map(JsonNode::asString)).containsExactly("closed", "reopened");
        assertThat(call("POST", "/api/cases/" + id + "/status", """
                {"status": "reopened"}""").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/cases/" + id + "/status", """
                {"status": "closed"}""").statusCode()).isEqualTo(200);
        assertProblem(call("POST", "/api/cases/" + id + "/status", """
                {"status": "open"}"""), 409);
        assertProblem(call("PATCH", "/api/cases/" + id, """
                {"priority": "high"}"""), 409);
        assertProblem(call("POST", "/api/cases/" + id + "/status", """
                {"status": "archived"}"""), 400, "status");

        JsonNode c = json(call("GET", "/api/cases/" + id, null));
        assertThat(c.get("history").findValuesAsString("to")).containsSubsequence("new", "open", "pending-customer", "resolved", "reopened", "closed");
    }

    @Test
    void staleIfMatchIs412AndTheCurrentOneWorks() {
        HttpResponse<String> created = call("POST", "/api/cases", """
                {"customerId": "%s", "subject": "Cobro duplicado en la factura de octubre", "channel": "web"}""".formatted(customerId()));
        String id = json(created).get("id").asString();
        String etag = created.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> assigned = callIfMatch("PATCH", "/api/cases/" + id, """
                {"assignee": "user:camila", "queue": "billing"}""", etag);
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.headers().firstValue("ETag")).contains("\"1\"");
        assertProblem(callIfMatch("PATCH", "/api/cases/" + id, """
                {"assignee": "user:andres"}""", etag), 412);
        assertProblem(callIfMatch("POST", "/api/cases/" + id + "/status", """
                {"status": "open"}""", etag), 412);

        JsonNode c = json(call("GET", "/api/cases/" + id, null));
        assertThat(c.get("assignee").asString()).isEqualTo("user:camila");
        JsonNode assignment = c.get("history").valueStream().filter(h -> h.get("type").asString().equals("assignment")).findFirst().orElseThrow();
        assertThat(assignment.get("to").asString()).isEqualTo("user:camila");
    }

    @Test
    void commentsArePublicOrInternalAndAPublicOneIsTheFirstResponse() {
        String id = openCase(customerId(), null, "normal").get("id").asString();
        JsonNode internal = json(call("POST", "/api/cases/" + id + "/comments", """
                {"body": "Revisar garantía con el proveedor", "visibility": "internal"}"""));
        assertThat(internal.get("firstRespondedAt").isNull()).isTrue();
        HttpResponse<String> pub = call("POST", "/api/cases/" + id + "/comments", """
                {"body": "Hola Lucía, ya estamos revisando la impresora.", "visibility": "public"}""");
        assertThat(pub.statusCode()).isEqualTo(201);
        assertThat(json(pub).get("firstRespondedAt").isNull()).isFalse();
        assertThat(json(pub).get("comments").size()).isEqualTo(2);
        assertThat(json(pub).get("comments").get(1).get("visibility").asString()).isEqualTo("public");
        assertProblem(call("POST", "/api/cases/" + id + "/comments", """
                {"body": "x", "visibility": "secret"}"""), 400, "visibility");
    }

    @Test
    void aCustomerReplyPutsAPendingCaseBackToOpen() {
        String id = openCase(customerId(), null, "normal").get("id").asString();
        call("POST", "/api/cases/" + id + "/status", """
                {"status": "pending-customer"}""");
        JsonNode c = json(call("POST", "/api/cases/" + id + "/comments", """
                {"body": "Adjunto las fotos", "visibility": "public", "fromCustomer": true}"""));
        assertThat(c.get("status").asString()).isEqualTo("open");
        assertThat(c.get("sla").get("resolution").get("state").asString()).isEqualTo("running");
    }

    @Test
    void manualEscalationRaisesThePriorityAndMovesToTheEscalationQueue() {
        String id = openCase(customerId(), null, "high").get("id").asString();
        JsonNode c = json(call("POST", "/api/cases/" + id + "/escalate", """
                {"note": "Cliente amenaza con cancelar el contrato"}"""));
        assertThat(c.get("priority").asString()).isEqualTo("urgent");
        assertThat(c.get("queue").asString()).isEqualTo("escalations");
        assertThat(c.get("history").findValuesAsString("type")).contains("escalation");
    }

    @Test
    void listsFilterByStatusPriorityQueueAssigneeCustomerAndBreached() {
        String customer = customerId();
        String a = openCase(customer, null, "urgent").get("id").asString();
        String b = openCase(customer, null, "low").get("id").asString();
        call("PATCH", "/api/cases/" + b, """
                {"assignee": "user:tomas"}""");
        JsonNode all = json(call("GET", "/api/cases?customerId=" + customer, null));
        assertThat(all.get("items").findValuesAsString("id")).containsExactly(a, b);
        assertThat(json(call("GET", "/api/cases?customerId=" + customer + "&priority=urgent", null)).get("items").findValuesAsString("id")).containsExactly(a);
        assertThat(json(call("GET", "/api/cases?customerId=" + customer + "&assignee=user:tomas", null)).get("items").findValuesAsString("id")).containsExactly(b);
        assertThat(json(call("GET", "/api/cases?customerId=" + customer + "&queue=technical&status=new", null)).get("items").size()).isEqualTo(2);
        assertThat(json(call("GET", "/api/cases?customerId=" + customer + "&breached=true", null)).get("items").size()).isZero();
        assertThat(json(call("GET", "/api/cases?customerId=" + customer + "&breached=false", null)).get("items").size()).isEqualTo(2);
        JsonNode page = json(call("GET", "/api/cases?customerId=" + customer + "&limit=1", null));
        assertThat(page.get("items").size()).isEqualTo(1);
        assertThat(page.get("nextCursor").asString()).isNotBlank();
        assertProblem(call("GET", "/api/cases?status=lost", null), 400, "status");
        assertProblem(call("GET", "/api/cases?queue=ventas", null), 400, "queue");
    }

    @Test
    void scopesAreEnforced() {
        HttpResponse<String> r = call("POST", "/api/cases", """
                {"customerId": "%s", "subject": "x", "channel": "web"}""".formatted(customerId()),
                Map.of("Authorization", TestTokens.bearer(Scopes.CASES_READ)));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/cases", null, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void anIdempotencyKeyReplaysTheOpening() {
        String body = """
                {"customerId": "%s", "subject": "No funciona el datáfono", "channel": "chat"}""".formatted(customerId());
        Map<String, String> headers = Map.of("Authorization", ALL.get("Authorization"), "Idempotency-Key", "k-" + unique());
        HttpResponse<String> first = call("POST", "/api/cases", body, headers);
        HttpResponse<String> second = call("POST", "/api/cases", body, headers);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(json(second).get("id").asString()).isEqualTo(json(first).get("id").asString());
        assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void servesItsOpenApiDocument() {
        HttpResponse<String> docs = call("GET", "/v3/api-docs", null, Map.of());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(json(docs).get("paths").propertyNames()).contains("/api/cases", "/api/customers/{customerId}/support-context",
                "/public/surveys/{token}", "/api/sla/compliance");
    }
}
