package org.touchpoint.marketing.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.test.TestTokens;
import org.touchpoint.marketing.MarketingServiceTest;
import tools.jackson.databind.JsonNode;

/** The segments API: rules, preview, members kept up to date, static lists, and every bad input. */
class SegmentApiTest extends MarketingServiceTest {

    static void assertProblem(HttpResponse<String> r, int status, String... fields) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (fields.length > 0) {
            assertThat(HttpCallsJson.fields(r)).containsExactlyInAnyOrder(fields);
        }
    }

    static final class HttpCallsJson {
        static List<String> fields(HttpResponse<String> r) {
            return json(r).get("errors").findValuesAsString("field");
        }
    }

    private String rule(String tag) {
        return """
                {"all": [{"field": "tags", "op": "contains", "value": "%s"},
                         {"field": "purchases.category", "op": "bought-within", "value": "ink-cartridges", "days": 180},
                         {"field": "consent.email", "op": "eq", "value": true}]}""".formatted(tag);
    }

    private void buysCartridges(String customerId) {
        publish(won(customerId, "opp_" + unique(), Instant.now().minus(10, ChronoUnit.DAYS), "90.00",
                List.of(item("HP-664", "Cartucho HP 664 negro", "ink-cartridges", 3, "30.00"))));
        await().atMost(WAIT).until(() -> purchases(mongo, customerId) > 0);
    }

    @Test
    void aRuleSegmentSelectsTheFittingConsentingCustomersAndFollowsNewTouches() {
        String tag = tag();
        String fits = customer("Lucía", "Lu", true, tag);
        String noConsent = customer("Marta", null, false, tag);
        String later = customer("Pedro", "Perico", true, tag);
        buysCartridges(fits);
        buysCartridges(noConsent);

        HttpResponse<String> preview = call("POST", "/api/segments/preview", "{\"rule\": " + rule(tag) + "}");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(json(preview).get("count").asLong()).isEqualTo(1);
        assertThat(json(preview).get("sample").get(0).get("customerId").asString()).isEqualTo(fits);

        HttpResponse<String> created = call("POST", "/api/segments", """
                {"name": "Cartuchos, sensibles al precio", "rule": %s}""".formatted(rule(tag)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        assertThat(id).startsWith("seg_");
        assertThat(json(created).get("memberCount").asLong()).isEqualTo(1);
        assertThat(json(created).get("rule").get("all").size()).isEqualTo(3);

        buysCartridges(later); // membership follows the touch, without touching the segment
        await().atMost(WAIT).until(() -> json(call("GET", "/api/segments/" + id, null)).get("memberCount").asLong() == 2);
        profile(fits, "Lucía", "Lu", false, 1, null, tag); // consent withdrawn in customer-service
        await().atMost(WAIT).until(() -> json(call("GET", "/api/segments/" + id, null)).get("memberCount").asLong() == 1);
        assertThat(json(call("GET", "/api/segments/" + id + "/members", null)).get("items").get(0).get("customerId").asString())
                .isEqualTo(later);
    }

    @Test
    void membersArePagedWithACursor() {
        String tag = tag();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(customer("Cliente" + i, null, true, tag));
        }
        String id = json(call("POST", "/api/segments", """
                {"name": "Etiqueta", "rule": {"field": "tags", "op": "contains", "value": "%s"}}""".formatted(tag))).get("id").asString();
        JsonNode first = json(call("GET", "/api/segments/" + id + "/members?limit=2", null));
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = json(call("GET", "/api/segments/" + id + "/members?limit=2&cursor=" + first.get("nextCursor").asString(), null));
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("nextCursor").isNull()).isTrue();
        List<String> seen = new ArrayList<>(first.get("items").findValuesAsString("customerId"));
        seen.addAll(second.get("items").findValuesAsString("customerId"));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        assertProblem(call("GET", "/api/segments/" + id + "/members?cursor=forged", null), 400, "cursor");
    }

    @Test
    void aStaticListTakesTheIdsGiven() {
        String a = customer("Inês", null, true, tag());
        HttpResponse<String> created = call("POST", "/api/segments", """
                {"name": "Invitados a la feria", "type": "static", "customerIds": ["%s"]}""".formatted(a));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        assertThat(json(created).get("memberCount").asLong()).isEqualTo(1);
        assertThat(call("POST", "/api/segments/" + id + "/members", "{\"customerIds\": [\"con_OTHER1\"]}").statusCode()).isEqualTo(204);
        assertThat(json(call("GET", "/api/segments/" + id, null)).get("memberCount").asLong()).isEqualTo(2);
        assertThat(call("DELETE", "/api/segments/" + id + "/members/con_OTHER1", null).statusCode()).isEqualTo(204);
        assertThat(json(call("GET", "/api/segments/" + id, null)).get("memberCount").asLong()).isEqualTo(1);
        assertProblem(call("POST", "/api/segments/" + id + "/members", "{\"customerIds\": [\"$bad id\"]}"), 400, "customerIds[0]");
        HttpResponse<String> imported = call("POST", "/api/segments/" + id + "/members", "customerId,name\ncon_IMPORTED1,Ana\ncon_IMPORTED2,Rui\n",
                Map.of("Authorization", ALL.get("Authorization"), "Content-Type", "text/csv"));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(204);
        assertThat(json(call("GET", "/api/segments/" + id, null)).get("memberCount").asLong()).isEqualTo(3);
    }

    @Test
    void aMalformedRuleIs400NamingThePath() {
        assertProblem(call("POST", "/api/segments", """
                {"name": "Mal", "rule": {"all": [{"field": "tags", "op": "contains", "value": "x"},
                                                  {"field": "tags", "op": "resembles", "value": "y"}]}}"""), 400, "rule.all[1].op");
        assertProblem(call("POST", "/api/segments/preview", """
                {"rule": {"field": "purchases.category", "op": "bought-within", "value": "ink-cartridges"}}"""), 400, "rule.days");
        assertProblem(call("POST", "/api/segments", "{\"name\": \"Sin regla\"}"), 400, "rule");
        assertProblem(call("POST", "/api/segments", "{\"name\": \" \", \"rule\": {\"field\": \"tags\", \"op\": \"contains\", \"value\": \"x\"}}"),
                400, "name");
    }

    @Test
    void unknownSegmentIs404AndAStaleIfMatchIs412() {
        assertProblem(call("GET", "/api/segments/seg_missing", null), 404);
        HttpResponse<String> created = call("POST", "/api/segments", """
                {"name": "VIP", "rule": {"field": "tags", "op": "contains", "value": "vip"}}""");
        String id = json(created).get("id").asString();
        String body = "{\"name\": \"VIP 2\", \"rule\": {\"field\": \"tags\", \"op\": \"contains\", \"value\": \"vip\"}}";
        HttpResponse<String> updated = call("PUT", "/api/segments/" + id, body,
                Map.of("Authorization", ALL.get("Authorization"), "If-Match", "\"0\""));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).contains("\"1\"");
        assertProblem(call("PUT", "/api/segments/" + id, body, Map.of("Authorization", ALL.get("Authorization"), "If-Match", "\"0\"")), 412);
    }

    @Test
    void theOpenApiDocumentIsServed() {
        HttpResponse<String> docs = call("GET", "/v3/api-docs", null, Map.of());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(json(docs).get("paths").has("/api/segments/preview")).isTrue();
        assertThat(json(docs).get("paths").has("/api/campaigns/{id}/roi")).isTrue();
    }

    @Test
    void readingNeedsTheSegmentsScope() {
        HttpResponse<String> r = call("GET", "/api/segments", null, Map.of("Authorization", TestTokens.bearer(Scopes.CAMPAIGNS_READ)));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/segments", null, Map.of()).statusCode()).isEqualTo(401);
    }
}
