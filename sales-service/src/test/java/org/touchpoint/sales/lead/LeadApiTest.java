package org.touchpoint.sales.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.test.TestTokens;
import org.touchpoint.sales.SalesServiceTest;
import tools.jackson.databind.JsonNode;

/** The leads API: capture, score with reasons, assignment, disqualification, conversion, and their error paths. */
class LeadApiTest extends SalesServiceTest {

    @Test
    void createsALeadScoredOnFitAndReadsItBackWithItsEtag() {
        HttpResponse<String> r = call("POST", "/api/leads", """
                {"firstName": "Carmen", "lastName": "Ortega", "email": "carmen.%s@papeleria.example", "company": "Papelería El Sol",
                 "title": "Gerente de Compras", "industry": "retail", "companySize": 80, "source": "web"}""".formatted(unique()));
        JsonNode lead = created(r);
        assertThat(r.headers().firstValue("Location").orElseThrow()).isEqualTo("/api/leads/" + lead.get("id").asString());
        assertThat(lead.get("id").asString()).startsWith("led_");
        assertThat(lead.get("status").asString()).isEqualTo("new");
        assertThat(lead.get("score").asInt()).isEqualTo(35);

        HttpResponse<String> read = call("GET", "/api/leads/" + lead.get("id").asString(), null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).contains("\"0\"");
        assertThat(json(read).get("displayName").asString()).isEqualTo("Carmen Ortega");
    }

    @Test
    void theScoreExplainsEveryPoint() {
        String id = createLead("Inês", "Carvalho").get("id").asString();
        JsonNode score = json(call("GET", "/api/leads/" + id + "/score", null));
        assertThat(score.get("score").asInt()).isEqualTo(35);
        assertThat(score.get("mqlThreshold").asInt()).isEqualTo(40);
        assertThat(score.get("reasons").findValuesAsString("rule")).containsExactly("target-industry", "decision-maker", "company-size");
        assertThat(score.get("reasons").findValues("points")).extracting(JsonNode::asInt).containsExactly(15, 10, 10);
    }

    @Test
    void invalidFieldsAre400NamingEachOne() {
        assertProblem(call("POST", "/api/leads", """
                {"email": "not-an-email", "companySize": -3, "country": "Spain", "source": "fax"}"""),
                400, "email", "companySize", "country", "source");
        assertProblem(call("POST", "/api/leads", "{\"firstName\": \"Nadie\"}"), 400, "email");
        assertProblem(call("POST", "/api/leads", "{not json"), 400);
    }

    @Test
    void unknownLeadsAre404() {
        assertProblem(call("GET", "/api/leads/led_01JAAAAAAAAAAAAAAAAAAAAAAA", null), 404);
        assertProblem(call("POST", "/api/leads/led_01JAAAAAAAAAAAAAAAAAAAAAAA/convert", "{}"), 404);
    }

    @Test
    void aStaleIfMatchIs412() {
        String id = createLead("Rosa", "Vidal").get("id").asString();
        String body = """
                {"firstName": "Rosa", "lastName": "Vidal", "email": "rosa@vidal.example", "status": "working"}""";
        HttpResponse<String> updated = callIfMatch("PUT", "/api/leads/" + id, body, "\"0\"");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json(updated).get("status").asString()).isEqualTo("working");
        assertProblem(callIfMatch("PUT", "/api/leads/" + id, body, "\"0\""), 412);
        assertProblem(callIfMatch("POST", "/api/leads/" + id + "/convert", "{}", "\"0\""), 412);
    }

    @Test
    void convertsOnceIntoANewCustomerWithAnOpportunity() {
        JsonNode lead = createLead("Joaquim", "Pereira");
        String id = lead.get("id").asString();
        HttpResponse<String> converted = call("POST", "/api/leads/" + id + "/convert", """
                {"opportunity": {"name": "Primer pedido de tóner", "amount": {"amount": "2500.00", "currency": "EUR"},
                                 "expectedCloseDate": "2026-12-15", "stage": "qualification"}}""");
        assertThat(converted.statusCode()).as(converted.body()).isEqualTo(200);
        JsonNode c = json(converted);
        String customerId = c.get("customerId").asString();
        assertThat(customerId).startsWith("con_");
        assertThat(c.get("linked").asBoolean()).isFalse();
        assertThat(c.get("lead").get("status").asString()).isEqualTo("converted");
        assertThat(c.get("lead").get("customerId").asString()).isEqualTo(customerId);
        JsonNode opp = c.get("opportunity");
        assertThat(opp.get("customerId").asString()).isEqualTo(customerId);
        assertThat(opp.get("stage").asString()).isEqualTo("qualification");
        assertThat(opp.get("leadId").asString()).isEqualTo(id);
        assertThat(call("GET", "/api/opportunities/" + opp.get("id").asString(), null).statusCode()).isEqualTo(200);

        assertProblem(call("POST", "/api/leads/" + id + "/convert", "{}"), 409);
    }

    @Test
    void aConversionWithAnUnknownPipelineOrStageIs400AndConvertsNothing() {
        String id = createLead("Marta", "Gil").get("id").asString();
        assertProblem(call("POST", "/api/leads/" + id + "/convert", """
                {"opportunity": {"name": "X", "amount": {"amount": "10", "currency": "EUR"}, "pipelineId": "pip_nope"}}"""), 400, "pipelineId");
        assertProblem(call("POST", "/api/leads/" + id + "/convert", """
                {"opportunity": {"name": "X", "amount": {"amount": "10", "currency": "EUR"}, "stage": "signed"}}"""), 400, "stage");
        assertProblem(call("POST", "/api/leads/" + id + "/convert", """
                {"opportunity": {"name": "X", "amount": {"amount": "-10", "currency": "EUR"}}}"""), 400, "opportunity.amount.amount");
        assertThat(json(call("GET", "/api/leads/" + id, null)).get("status").asString()).isEqualTo("new");
    }

    @Test
    void disqualifyingNeedsAReasonAndEndsTheLead() {
        String id = createLead("Pablo", "Ruiz").get("id").asString();
        assertProblem(call("POST", "/api/leads/" + id + "/disqualify", "{}"), 400, "reason");
        HttpResponse<String> r = call("POST", "/api/leads/" + id + "/disqualify", "{\"reason\": \"Sin presupuesto\"}");
        assertThat(json(r).get("status").asString()).isEqualTo("disqualified");
        assertProblem(call("POST", "/api/leads/" + id + "/convert", "{}"), 409);
    }

    @Test
    void assignmentRulesRouteByTerritoryThenRoundRobin() {
        HttpResponse<String> current = call("GET", "/api/assignment-rules", null);
        String etag = current.headers().firstValue("ETag").orElseThrow();
        String territory = "t-" + unique();
        HttpResponse<String> put = callIfMatch("PUT", "/api/assignment-rules", """
                {"rules": [{"id": "norte", "field": "territory", "values": ["%s"], "ownerId": "user:andres"}],
                 "roundRobin": ["user:lucia", "user:mateo"]}""".formatted(territory), etag);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertProblem(callIfMatch("PUT", "/api/assignment-rules", "{\"rules\": [], \"roundRobin\": []}", etag), 412);

        JsonNode byRule = created(call("POST", "/api/leads", """
                {"company": "Gráficas Norte", "territory": "%s"}""".formatted(territory)));
        assertThat(byRule.get("ownerId").asString()).isEqualTo("user:andres");
        assertThat(byRule.get("assignedBy").asString()).isEqualTo("rule:norte");

        JsonNode first = created(call("POST", "/api/leads", "{\"company\": \"Copistería Sur\"}"));
        JsonNode second = created(call("POST", "/api/leads", "{\"company\": \"Copistería Este\"}"));
        assertThat(first.get("assignedBy").asString()).isEqualTo("round-robin");
        assertThat(java.util.Set.of(first.get("ownerId").asString(), second.get("ownerId").asString()))
                .containsExactlyInAnyOrder("user:lucia", "user:mateo");

        HttpResponse<String> manual = call("POST", "/api/leads/" + first.get("id").asString() + "/assign", "{\"ownerId\": \"user:sofia\"}");
        assertThat(json(manual).get("ownerId").asString()).isEqualTo("user:sofia");

        String reset = call("GET", "/api/assignment-rules", null).headers().firstValue("ETag").orElseThrow();
        assertThat(callIfMatch("PUT", "/api/assignment-rules", "{\"rules\": [], \"roundRobin\": []}", reset).statusCode()).isEqualTo(200);
        assertProblem(call("POST", "/api/leads/" + first.get("id").asString() + "/assign", "{}"), 422, "ownerId");
    }

    @Test
    void scoringRulesAreReplaceableWithIfMatch() {
        HttpResponse<String> current = call("GET", "/api/scoring-rules", null);
        JsonNode rules = json(current);
        assertThat(rules.get("engagement").findValuesAsString("id")).contains("meeting", "email-opened", "web-visit");
        assertProblem(call("PUT", "/api/scoring-rules", """
                {"mqlThreshold": 40, "sqlThreshold": 70, "fit": [{"id": "Bad Id", "field": "shoeSize", "match": "equals", "points": 500}], "engagement": []}"""),
                400, "fit[0].id", "fit[0].field", "fit[0].points");
        assertProblem(callIfMatch("PUT", "/api/scoring-rules", """
                {"mqlThreshold": 40, "sqlThreshold": 70, "fit": [], "engagement": []}""", "\"999\""), 412);
    }

    @Test
    void listsLeadsByStatusAndMinimumScore() {
        createLead("Lista", "Uno");
        JsonNode page = json(call("GET", "/api/leads?minScore=30&status=new&limit=2", null));
        assertThat(page.get("items").size()).isBetween(1, 2);
        page.get("items").forEach(l -> assertThat(l.get("score").asInt()).isGreaterThanOrEqualTo(30));
        assertProblem(call("GET", "/api/leads?status=maybe", null), 400, "status");
        assertProblem(call("GET", "/api/leads?limit=500", null), 400, "limit");
    }

    @Test
    void scopesAreEnforced() {
        Map<String, String> readOnly = Map.of("Authorization", TestTokens.bearer(Scopes.LEADS_READ));
        assertProblem(call("POST", "/api/leads", "{\"company\": \"X\"}", readOnly), 403);
        assertProblem(call("GET", "/api/leads", null, Map.of()), 401);
        Map<String, String> otherScope = Map.of("Authorization", TestTokens.bearer(Scopes.CONTACTS_READ));
        assertProblem(call("GET", "/api/forecast", null, otherScope), 403);
    }

    @Test
    void anOversizedBodyIs413() {
        String huge = "{\"company\": \"" + "x".repeat(1_100_000) + "\"}";
        assertProblem(call("POST", "/api/leads", huge), 413);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstCreation() {
        Map<String, String> headers = Map.of("Authorization", bearer(), "Idempotency-Key", "form-" + unique());
        String body = "{\"company\": \"Imprenta Galicia\", \"email\": \"info@imprenta-" + unique() + ".example\"}";
        HttpResponse<String> first = call("POST", "/api/leads", body, headers);
        HttpResponse<String> again = call("POST", "/api/leads", body, headers);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json(again).get("id").asString()).isEqualTo(json(first).get("id").asString());
    }

    @Test
    void servesItsOpenApiDocument() {
        HttpResponse<String> docs = call("GET", "/v3/api-docs", null, Map.of());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(json(docs).get("paths").propertyNames()).contains("/api/leads", "/api/leads/{id}/convert", "/api/opportunities/{id}/stage",
                "/api/forecast", "/api/tasks", "/api/customers/{id}/briefing", "/api/scoring-rules", "/api/assignment-rules", "/api/pipelines");
    }

    @Test
    void aConversionCanOpenADealFromLineItemsInItsCurrency() {
        String id = createLead("Beatriz", "Lima").get("id").asString();
        HttpResponse<String> r = call("POST", "/api/leads/" + id + "/convert", """
                {"opportunity": {"name": "Cartuchos para la red de tiendas", "currency": "BRL",
                  "lineItems": [{"productCode": "HP-664-BK", "category": "ink-cartridges", "quantity": 120, "unitPrice": "79.90"}]}}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("opportunity").get("amount").get("amount").asString()).isEqualTo("9588.00");
        assertThat(json(r).get("opportunity").get("amount").get("currency").asString()).isEqualTo("BRL");
    }

    @Test
    void replacingTheScoringRulesRescoresOpenLeads() {
        String id = createLead("Nuno", "Alves").get("id").asString(); // 35, country ES
        HttpResponse<String> current = call("GET", "/api/scoring-rules", null);
        String original = current.body();
        tools.jackson.databind.node.ObjectNode rules = (tools.jackson.databind.node.ObjectNode) json(current);
        rules.remove("updatedAt");
        rules.remove("version");
        tools.jackson.databind.node.ObjectNode spain = ((tools.jackson.databind.node.ArrayNode) rules.get("fit")).addObject();
        spain.put("id", "spain").put("field", "country").put("match", "equals").put("points", 30);
        spain.putArray("values").add("ES");
        String etag = current.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> replaced = callIfMatch("PUT", "/api/scoring-rules", rules.toString(), etag);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> json(call("GET", "/api/leads/" + id, null)).get("score").asInt() == 65);
            JsonNode score = json(call("GET", "/api/leads/" + id + "/score", null));
            assertThat(score.get("reasons").findValuesAsString("rule")).contains("spain");
            assertThat(score.get("qualification").asString()).isEqualTo("mql");
        } finally {
            tools.jackson.databind.node.ObjectNode restore = (tools.jackson.databind.node.ObjectNode) tools.jackson.databind.json.JsonMapper.builder().build().readTree(original);
            restore.remove("updatedAt");
            restore.remove("version");
            String now = replaced.headers().firstValue("ETag").orElseThrow();
            assertThat(callIfMatch("PUT", "/api/scoring-rules", restore.toString(), now).statusCode()).isEqualTo(200);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    @Test
    void retryingAConversionWhoseOpportunityWasNeverOpenedOpensIt() {
        String id = createLead("Vera", "Moura").get("id").asString();
        JsonNode first = json(call("POST", "/api/leads/" + id + "/convert", """
                {"opportunity": {"name": "Plotter para el estudio", "amount": {"amount": "4200.00", "currency": "EUR"}}}"""));
        String opportunityId = first.get("opportunity").get("id").asString();
        // As if the process had died between the lead's write (the commit point) and the opportunity's insert.
        mongo.remove(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("_id").is(opportunityId)), "opportunities");

        HttpResponse<String> retry = call("POST", "/api/leads/" + id + "/convert", "{}");
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(json(retry).get("opportunity").get("id").asString()).isEqualTo(opportunityId);
        assertThat(json(retry).get("customerId").asString()).isEqualTo(first.get("customerId").asString());
        assertThat(json(call("GET", "/api/opportunities/" + opportunityId, null)).get("amount").get("amount").asString()).isEqualTo("4200.00");
        assertProblem(call("POST", "/api/leads/" + id + "/convert", "{}"), 409);
    }
}
