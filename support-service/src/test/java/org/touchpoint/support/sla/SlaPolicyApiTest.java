package org.touchpoint.support.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.touchpoint.support.SupportServiceTest;
import tools.jackson.databind.JsonNode;

/** SLA policies, business calendars and the compliance report over HTTP. */
class SlaPolicyApiTest extends SupportServiceTest {

    @Test
    void defaultPoliciesAreSeededForEveryTierAndPriority() {
        JsonNode all = json(call("GET", "/api/sla-policies", null));
        assertThat(all.get("items").size()).isEqualTo(16); // 4 tiers × 4 priorities
        JsonNode premiumUrgent = json(call("GET", "/api/sla-policies/premium/urgent", null));
        assertThat(premiumUrgent.get("firstResponse").asString()).isEqualTo("PT15M");
        assertThat(premiumUrgent.get("resolution").asString()).isEqualTo("PT4H");
        assertThat(json(call("GET", "/api/sla-policies?tier=basic", null)).get("items").size()).isEqualTo(4);
    }

    @Test
    void aPolicyIsReplacedWithIfMatchAndStaleVersionsAre412() {
        HttpResponse<String> current = call("GET", "/api/sla-policies/standard/high", null);
        String etag = current.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> put = callIfMatch("PUT", "/api/sla-policies/standard/high", """
                {"firstResponse": "PT2H", "resolution": "PT16H"}""", etag);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).get("firstResponse").asString()).isEqualTo("PT2H");
        assertProblem(callIfMatch("PUT", "/api/sla-policies/standard/high", """
                {"firstResponse": "PT3H", "resolution": "PT16H"}""", etag), 412);
    }

    @Test
    void badPoliciesAre400AndUnknownCalendarsAre422() {
        assertProblem(call("PUT", "/api/sla-policies/gold/high", """
                {"firstResponse": "PT1H", "resolution": "PT8H"}"""), 400, "tier");
        assertProblem(call("PUT", "/api/sla-policies/premium/asap", """
                {"firstResponse": "PT1H", "resolution": "PT8H"}"""), 400, "priority");
        assertProblem(call("PUT", "/api/sla-policies/premium/high", """
                {"firstResponse": "una hora", "resolution": "PT8H"}"""), 400, "firstResponse");
        assertProblem(call("PUT", "/api/sla-policies/premium/high", """
                {"firstResponse": "PT1H", "resolution": "-PT8H"}"""), 400, "resolution");
        assertProblem(call("PUT", "/api/sla-policies/premium/high", """
                {"firstResponse": "PT1H"}"""), 400, "resolution");
        assertProblem(call("PUT", "/api/sla-policies/premium/high", """
                {"firstResponse": "PT1H", "resolution": "PT8H", "calendarId": "no-such-calendar"}"""), 422, "calendarId");
    }

    @Test
    void aPolicyInBusinessHoursCountsOnlyOpenTime() {
        HttpResponse<String> cal = call("PUT", "/api/calendars/bogota-office", """
                {"name": "Oficina Bogotá", "timezone": "America/Bogota", "weekdays": ["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY"],
                 "open": "08:00", "close": "18:00"}""");
        assertThat(cal.statusCode()).as(cal.body()).isEqualTo(200);
        assertThat(json(call("GET", "/api/calendars/bogota-office", null)).get("timezone").asString()).isEqualTo("America/Bogota");
        assertThat(call("PUT", "/api/sla-policies/platinum/urgent", """
                {"firstResponse": "PT1H", "resolution": "PT10H", "calendarId": "bogota-office"}""").statusCode()).isEqualTo(200);
        String account = accountId();
        entitle(account, "platinum");
        JsonNode c = openCase(customerId(), account, "urgent");
        assertThat(c.get("sla").get("calendarId").asString()).isEqualTo("bogota-office");
        Instant due = Instant.parse(c.get("sla").get("resolution").get("dueAt").asString());
        assertThat(due).isAfter(Instant.parse(c.get("createdAt").asString()).plusSeconds(10 * 3600 - 1));
        policy("platinum", "urgent", "PT15M", "PT4H"); // leave no calendar behind for other tests
    }

    @Test
    void badCalendarsAre400() {
        assertProblem(call("PUT", "/api/calendars/x", """
                {"timezone": "Mars/Olympus", "weekdays": ["MONDAY"], "open": "08:00", "close": "18:00"}"""), 400, "timezone");
        assertProblem(call("PUT", "/api/calendars/x", """
                {"timezone": "UTC", "weekdays": ["LUNES"], "open": "08:00", "close": "18:00"}"""), 400, "weekdays");
        assertProblem(call("PUT", "/api/calendars/x", """
                {"timezone": "UTC", "weekdays": ["MONDAY"], "open": "18:00", "close": "08:00"}"""), 400, "close");
        assertProblem(call("PUT", "/api/calendars/Bad_Id", """
                {"timezone": "UTC", "weekdays": ["MONDAY"], "open": "08:00", "close": "18:00"}"""), 400, "id");
        assertProblem(call("GET", "/api/calendars/nowhere", null), 404);
    }

    @Test
    void complianceCountsMetAndBreachedPerTierAndPriority() {
        Instant from = Instant.now().minusSeconds(1);
        String account = accountId();
        entitle(account, "standard");
        String met = openCase(customerId(), account, "urgent").get("id").asString();
        call("POST", "/api/cases/" + met + "/comments", """
                {"body": "Estamos en ello", "visibility": "public"}""");
        call("POST", "/api/cases/" + met + "/status", """
                {"status": "resolved"}""");
        openCase(customerId(), account, "urgent");
        JsonNode report = json(call("GET", "/api/sla/compliance?from=" + from + "&to=" + Instant.now().plusSeconds(5), null));
        JsonNode group = report.get("groups").valueStream()
                .filter(g -> g.get("tier").asString().equals("standard") && g.get("priority").asString().equals("urgent"))
                .findFirst().orElseThrow();
        assertThat(group.get("cases").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(group.get("met").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(group.get("open").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(group.get("meanResolutionMinutes").isNull()).isFalse();
        assertThat(group.get("rate").decimalValue()).isPositive();
        assertProblem(call("GET", "/api/sla/compliance?from=ayer", null), 400, "from");
        assertProblem(call("GET", "/api/sla/compliance?from=2026-11-20&to=2026-11-01", null), 400, "from");
    }
}
