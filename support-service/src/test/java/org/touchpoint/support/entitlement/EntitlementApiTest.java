package org.touchpoint.support.entitlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.touchpoint.support.SupportServiceTest;
import tools.jackson.databind.JsonNode;

/** Entitlements (support tier per account) over HTTP. */
class EntitlementApiTest extends SupportServiceTest {

    @Test
    void setsReadsAndReplacesAnAccountsTier() {
        String account = accountId();
        assertProblem(call("GET", "/api/entitlements/" + account, null), 404);
        HttpResponse<String> set = call("PUT", "/api/entitlements/" + account, """
                {"tier": "standard", "validFrom": "2026-01-01", "validUntil": "2026-12-31"}""");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode e = json(set);
        assertThat(e.get("tier").asString()).isEqualTo("standard");
        assertThat(e.get("valid").asBoolean()).isTrue();
        assertThat(e.get("source").asString()).isEqualTo("api");
        String etag = set.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> downgrade = callIfMatch("PUT", "/api/entitlements/" + account, """
                {"tier": "basic", "validFrom": "2026-01-01", "validUntil": "2026-12-31"}""", etag);
        assertThat(json(downgrade).get("tier").asString()).isEqualTo("basic"); // explicit through the API
        assertProblem(callIfMatch("PUT", "/api/entitlements/" + account, """
                {"tier": "premium", "validFrom": "2026-01-01", "validUntil": "2026-12-31"}""", etag), 412);
        assertThat(json(call("GET", "/api/entitlements/" + account, null)).get("history").size()).isEqualTo(2);
    }

    @Test
    void anUnknownTierOrBadDatesAre400() {
        String account = accountId();
        assertProblem(call("PUT", "/api/entitlements/" + account, """
                {"tier": "gold", "validFrom": "2026-01-01", "validUntil": "2026-12-31"}"""), 400, "tier");
        assertProblem(call("PUT", "/api/entitlements/" + account, """
                {"tier": "premium", "validFrom": "1 de enero", "validUntil": "2026-12-31"}"""), 400, "validFrom");
        assertProblem(call("PUT", "/api/entitlements/" + account, """
                {"tier": "premium", "validFrom": "2026-06-01", "validUntil": "2026-01-01"}"""), 400, "validUntil");
        assertProblem(call("PUT", "/api/entitlements/" + account, """
                {"tier": "premium"}"""), 400, "validFrom", "validUntil");
    }

    @Test
    void anExpiredEntitlementNoLongerGivesItsTier() {
        String account = accountId();
        call("PUT", "/api/entitlements/" + account, """
                {"tier": "premium", "validFrom": "2024-01-01", "validUntil": "2024-12-31"}""");
        assertThat(json(call("GET", "/api/entitlements/" + account, null)).get("valid").asBoolean()).isFalse();
        assertThat(openCase(customerId(), account, "normal").get("tier").asString()).isEqualTo("basic");
    }

    @Test
    void listsEntitlementsByTier() {
        String account = accountId();
        entitle(account, "standard");
        JsonNode standard = json(call("GET", "/api/entitlements?tier=standard&limit=200", null));
        assertThat(standard.get("items").findValuesAsString("accountId")).contains(account);
        assertThat(standard.get("items").findValuesAsString("tier")).containsOnly("standard");
        assertProblem(call("GET", "/api/entitlements?tier=oro", null), 400, "tier");
    }
}
