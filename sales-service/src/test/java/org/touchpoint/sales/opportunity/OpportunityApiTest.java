package org.touchpoint.sales.opportunity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.touchpoint.sales.SalesServiceTest;
import tools.jackson.databind.JsonNode;

/** Opportunities, pipelines and the forecast over HTTP, error paths included. */
class OpportunityApiTest extends SalesServiceTest {

    static final String THIS_MONTH = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(20).toString();

    private HttpResponse<String> move(String id, String body) {
        return call("POST", "/api/opportunities/" + id + "/stage", body);
    }

    @Test
    void theDefaultPipelineIsSeededOnce() {
        JsonNode pipelines = json(call("GET", "/api/pipelines", null)).get("items");
        assertThat(pipelines.findValues("isDefault")).filteredOn(JsonNode::asBoolean).hasSize(1);
        JsonNode def = null;
        for (JsonNode p : pipelines) {
            if (p.get("isDefault").asBoolean()) {
                def = p;
            }
        }
        assertThat(def.get("stages").findValuesAsString("key"))
                .containsExactly("prospecting", "qualification", "proposal", "negotiation", "won", "lost");
        assertThat(def.get("stages").findValues("probability")).extracting(JsonNode::asInt).containsExactly(10, 20, 50, 75, 100, 0);
    }

    @Test
    void createsAnOpportunityWithLineItemsAndMovesItToWon() {
        String customer = customerId();
        JsonNode o = createOpportunity(customer, "user:lucia", THIS_MONTH);
        String id = o.get("id").asString();
        assertThat(id).startsWith("opp_");
        assertThat(o.get("amount").get("amount").asString()).isEqualTo("3700.00");
        assertThat(o.get("stage").asString()).isEqualTo("prospecting");
        assertThat(o.get("lineItems").get(0).get("total").get("amount").asString()).isEqualTo("2500.00");

        assertThat(move(id, "{\"stage\": \"proposal\"}").statusCode()).isEqualTo(200);
        JsonNode negotiating = json(move(id, "{\"stage\": \"negotiation\", \"probability\": 85}"));
        assertThat(negotiating.get("probability").asInt()).isEqualTo(85);
        assertThat(negotiating.get("probabilityOverridden").asBoolean()).isTrue();
        JsonNode won = json(move(id, "{\"stage\": \"won\", \"closeReason\": \"Precio por volumen\", \"channel\": \"visit\"}"));
        assertThat(won.get("status").asString()).isEqualTo("won");
        assertThat(won.get("closeReason").asString()).isEqualTo("Precio por volumen");
        assertThat(won.get("stageHistory").findValuesAsString("stage")).containsExactly("prospecting", "proposal", "negotiation", "won");
        assertThat(won.get("cycleDays").asInt()).isZero();

        assertProblem(move(id, "{\"stage\": \"proposal\"}"), 409);
        assertProblem(call("PUT", "/api/opportunities/" + id, """
                {"customerId": "%s", "name": "Otra", "amount": {"amount": "1", "currency": "EUR"}}""".formatted(customer)), 409);
    }

    @Test
    void badInputIs400NamingTheFields() {
        assertProblem(call("POST", "/api/opportunities", """
                {"customerId": "%s", "name": "X", "amount": {"amount": "-5", "currency": "euro"}}""".formatted(customerId())),
                400, "amount.amount", "amount.currency");
        assertProblem(call("POST", "/api/opportunities", """
                {"customerId": "%s", "name": "X", "currency": "EUR", "lineItems": [{"productCode": "P", "quantity": -1, "unitPrice": "-2"}]}"""
                .formatted(customerId())), 400, "lineItems[0].quantity", "lineItems[0].unitPrice");
        assertProblem(call("POST", "/api/opportunities", """
                {"customerId": "%s", "name": "X", "amount": {"amount": "5", "currency": "EUR"}, "pipelineId": "pip_unknown"}""".formatted(customerId())),
                400, "pipelineId");
        assertProblem(call("POST", "/api/opportunities", """
                {"customerId": "%s", "name": "X", "amount": {"amount": "5", "currency": "EUR"}, "stage": "signed"}""".formatted(customerId())),
                400, "stage");
        assertProblem(call("POST", "/api/opportunities", "{\"name\": \"X\"}"), 400, "customerId");
        String id = createOpportunity(customerId(), "user:lucia", THIS_MONTH).get("id").asString();
        assertProblem(move(id, "{\"stage\": \"signed\"}"), 400, "stage");
        assertProblem(call("GET", "/api/opportunities/opp_01JAAAAAAAAAAAAAAAAAAAAAAA", null), 404);
    }

    @Test
    void aStaleIfMatchIs412() {
        String id = createOpportunity(customerId(), "user:lucia", THIS_MONTH).get("id").asString();
        HttpResponse<String> moved = callIfMatch("POST", "/api/opportunities/" + id + "/stage", "{\"stage\": \"proposal\"}", "\"0\"");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(moved.headers().firstValue("ETag")).contains("\"1\"");
        assertProblem(callIfMatch("POST", "/api/opportunities/" + id + "/stage", "{\"stage\": \"negotiation\"}", "\"0\""), 412);
    }

    @Test
    void customPipelinesAreValidatedAndProtectStagesInUse() {
        assertProblem(call("POST", "/api/pipelines", """
                {"name": "Sin cierre", "stages": [{"key": "a", "name": "A", "probability": 10}]}"""), 400, "stages");
        assertProblem(call("POST", "/api/pipelines", """
                {"name": "Mal", "stages": [{"key": "A B", "name": "A", "probability": 150}]}"""), 400, "stages[0].key", "stages[0].probability");
        JsonNode p = created(call("POST", "/api/pipelines", """
                {"name": "Licitaciones públicas", "stages": [
                  {"key": "tender", "name": "Licitación", "probability": 15},
                  {"key": "submitted", "name": "Oferta presentada", "probability": 40, "forecastCategory": "best-case"},
                  {"key": "awarded", "name": "Adjudicada", "probability": 100, "type": "won"},
                  {"key": "rejected", "name": "Rechazada", "probability": 0, "type": "lost"}]}"""));
        String pipelineId = p.get("id").asString();
        JsonNode o = created(call("POST", "/api/opportunities", """
                {"customerId": "%s", "name": "Ayuntamiento: impresoras", "amount": {"amount": "18000", "currency": "EUR"},
                 "pipelineId": "%s", "stage": "submitted"}""".formatted(customerId(), pipelineId)));
        assertThat(o.get("probability").asInt()).isEqualTo(40);
        assertThat(o.get("forecastCategory").asString()).isEqualTo("best-case");
        assertProblem(callIfMatch("PUT", "/api/pipelines/" + pipelineId, """
                {"name": "Licitaciones", "stages": [
                  {"key": "tender", "name": "Licitación", "probability": 15},
                  {"key": "awarded", "name": "Adjudicada", "probability": 100, "type": "won"},
                  {"key": "rejected", "name": "Rechazada", "probability": 0, "type": "lost"}]}""", "\"0\""), 409);
        assertProblem(callIfMatch("PUT", "/api/pipelines/" + pipelineId, """
                {"name": "Licitaciones", "stages": [
                  {"key": "tender", "name": "Licitación", "probability": 15},
                  {"key": "submitted", "name": "Presentada", "probability": 40},
                  {"key": "awarded", "name": "Adjudicada", "probability": 100, "type": "won"},
                  {"key": "rejected", "name": "Rechazada", "probability": 0, "type": "lost"}]}""", "\"7\""), 412);
    }

    @Test
    void theForecastGroupsWeightedAmountsAndReportsWinRate() {
        String owner = "user:forecast-" + unique();
        String a = createOpportunity(customerId(), owner, THIS_MONTH).get("id").asString(); // 3700 at 10%
        String b = createOpportunity(customerId(), owner, THIS_MONTH).get("id").asString();
        String c = createOpportunity(customerId(), owner, THIS_MONTH).get("id").asString();
        move(b, "{\"stage\": \"negotiation\"}"); // 3700 at 75% → commit
        move(c, "{\"stage\": \"won\"}");

        JsonNode f = json(call("GET", "/api/forecast?period=month&groupBy=category&ownerId=" + owner, null));
        assertThat(f.get("total").get("count").asInt()).isEqualTo(3);
        assertThat(f.get("total").get("weighted").get(0).get("amount").asString()).isEqualTo("6845.00"); // 370 + 2775 + the won 3700
        assertThat(f.get("total").get("weighted").get(0).get("currency").asString()).isEqualTo("EUR");
        assertThat(f.get("groups").findValuesAsString("key")).containsExactly("closed", "commit", "pipeline");
        assertThat(f.get("total").get("categories").get("commit").get(0).get("amount").asString()).isEqualTo("3700.00");
        assertThat(f.get("winRate").asDouble()).isEqualTo(1.0);
        assertThat(f.get("averageCycleDays").asDouble()).isZero();

        JsonNode byStage = json(call("GET", "/api/forecast?period=quarter&groupBy=stage&ownerId=" + owner, null));
        assertThat(byStage.get("groups").findValuesAsString("key")).containsExactly("negotiation", "prospecting", "won");
        assertThat(a).isNotBlank();

        assertProblem(call("GET", "/api/forecast?period=year", null), 400, "period");
        assertProblem(call("GET", "/api/forecast?groupBy=colour", null), 400, "groupBy");
        assertProblem(call("GET", "/api/forecast?from=yesterday", null), 400, "from");
    }
}
