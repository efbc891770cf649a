package org.touchpoint.marketing.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.marketing.MarketingServiceTest;
import tools.jackson.databind.JsonNode;

/** Offers, their rules, learned co-purchases, and recommendations that explain themselves. */
class RecommendationApiTest extends MarketingServiceTest {

    void buys(String customerId, String... codes) {
        List<Map<String, Object>> items = java.util.Arrays.stream(codes)
                .map(c -> item(c, "Producto " + c, c.startsWith("INK") ? "ink-cartridges-" + c.substring(4, 8) : "accessories", 1, "10.00")).toList();
        long before = purchases(mongo, customerId);
        publish(won(customerId, "opp_" + unique(), Instant.now(), "10.00", items));
        await().atMost(WAIT).until(() -> purchases(mongo, customerId) == before + codes.length);
    }

    JsonNode recommendations(String customerId) {
        HttpResponse<String> r = call("GET", "/api/customers/" + customerId + "/recommendations", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("items");
    }

    @Test
    void configuredRulesAndLearnedCoPurchasesAreRecommendedWithTheirReasons() {
        String u = unique().toUpperCase().substring(0, 4);
        String ink = "INK-" + u, cable = "CAB-" + u, paper = "PAP-" + u, compatible = "CMP-" + u;
        HttpResponse<String> offer = call("POST", "/api/offers", """
                {"code": "compatibles-%s", "name": "Cartuchos compatibles -20%%", "productCode": "%s",
                 "triggers": [{"category": "ink-cartridges-%s"}], "landingUrl": "https://tienda.example/compatibles"}"""
                .formatted(u.toLowerCase(), compatible, u));
        assertThat(offer.statusCode()).as(offer.body()).isEqualTo(201);
        assertThat(json(offer).get("id").asString()).startsWith("ofr_");

        // Three customers bought ink and a cable: "ink → cable" is learned. One bought paper only.
        for (int i = 0; i < 3; i++) {
            buys(customer("Comprador" + i, null, true, tag()), ink, cable);
        }
        buys(customer("Papel", null, true, tag()), paper);
        String lucia = customer("Lucía", "Lu", true, tag());
        buys(lucia, ink);

        JsonNode items = recommendations(lucia);
        JsonNode rule = find(items, "offerCode", "compatibles-" + u.toLowerCase());
        assertThat(rule.get("source").asString()).isEqualTo("rule");
        assertThat(rule.get("reason").asString()).contains("category ink-cartridges-" + u).contains(ink);
        JsonNode learned = find(items, "productCode", cable);
        assertThat(learned.get("source").asString()).isEqualTo("association");
        assertThat(learned.get("confidence").asDouble()).as("3 of the 4 ink buyers (Lucía among them) bought the cable").isEqualTo(0.75);
        assertThat(learned.get("lift").asDouble()).isGreaterThan(1.0);
        assertThat(learned.get("reason").asString()).contains("Customers who bought").contains(cable);

        buys(lucia, cable, compatible);
        JsonNode after = recommendations(lucia);
        assertThat(after.findValuesAsString("productCode")).as("never what was already bought").doesNotContain(cable, compatible);

        // A segment condition selects the customers for whom an offer is recommended.
        String segment = json(call("POST", "/api/segments", """
                {"name": "Para cables", "rule": {"field": "recommended", "op": "contains", "value": "%s"}}""".formatted(cable)))
                .get("id").asString();
        String candidate = customer("Nuevo", null, true, tag());
        buys(candidate, ink);
        await().atMost(WAIT).until(() -> json(call("GET", "/api/segments/" + segment + "/members?limit=200", null))
                .get("items").findValuesAsString("customerId").contains(candidate));
    }

    @Test
    void offersValidateAndConflict() {
        String code = "fondos-" + unique();
        String body = """
                {"code": "%s", "name": "Fondos de inversión", "triggers": [{"productCode": "DEP-PLAZO"}]}""".formatted(code);
        HttpResponse<String> created = call("POST", "/api/offers", body);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(call("POST", "/api/offers", body).statusCode()).isEqualTo(409);
        HttpResponse<String> bad = call("POST", "/api/offers", """
                {"code": "Bad Code", "name": "", "triggers": [{"productCode": "A", "category": "B"}], "landingUrl": "javascript:alert(1)"}""");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors").findValuesAsString("field")).contains("code", "name", "landingUrl");
        String id = json(created).get("id").asString();
        HttpResponse<String> renamed = call("PUT", "/api/offers/" + id, body.replace(code, code + "-x"));
        assertThat(renamed.statusCode()).isEqualTo(422);
        assertThat(call("GET", "/api/offers/ofr_missing", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/customers/con_NOBODY/recommendations", null).statusCode()).isEqualTo(404);
    }

    static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (value.equals(item.path(field).asString(null))) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + "=" + value + " in " + items);
    }
}
