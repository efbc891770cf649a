package org.touchpoint.support;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.test.ServiceTestSupport;
import org.touchpoint.kit.test.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * One context for every Spring test of the service: random port, the JVM's embedded broker and MongoDB (from the kit).
 * Tests add the tier {@code platinum}, reserved for tests that need very short SLA targets, so no other test's
 * cases run under them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.database=crm_support_test", "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
        "crm.support.tiers=basic,standard,premium,platinum", "crm.support.sla.scan-interval=200ms",
        "crm.support.public-base-url=https://crm.andina.example"})
public abstract class SupportServiceTest extends ServiceTestSupport {

    protected static final Map<String, String> ALL = TestTokens.authorization(Scopes.CASES_READ, Scopes.CASES_WRITE, Scopes.SLA_READ, Scopes.SLA_WRITE);

    protected HttpResponse<String> call(String method, String path, String body) {
        return call(method, path, body, ALL);
    }

    protected HttpResponse<String> callIfMatch(String method, String path, String body, String etag) {
        return call(method, path, body, Map.of("Authorization", ALL.get("Authorization"), "If-Match", etag));
    }

    protected static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh customer id (the service knows customers from events; opening a case needs none to have arrived). */
    protected static String customerId() {
        return org.touchpoint.kit.ids.Ids.newId("con", java.time.Clock.systemUTC());
    }

    protected static String accountId() {
        return org.touchpoint.kit.ids.Ids.newId("acc", java.time.Clock.systemUTC());
    }

    /** Opens a case and answers it (201 expected). */
    protected JsonNode openCase(String customerId, String accountId, String priority) {
        HttpResponse<String> r = call("POST", "/api/cases", """
                {"customerId": "%s", %s "subject": "La impresora fiscal no imprime facturas",
                 "description": "Desde la actualización del firmware la impresora de la tienda de Envigado no responde.",
                 "channel": "phone", "priority": "%s", "category": "hardware", "queue": "technical"}"""
                .formatted(customerId, accountId == null ? "" : "\"accountId\": \"" + accountId + "\",", priority));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("case not opened: " + r.body());
        }
        return json(r);
    }

    protected void entitle(String accountId, String tier) {
        HttpResponse<String> r = call("PUT", "/api/entitlements/" + accountId, """
                {"tier": "%s", "validFrom": "2026-01-01", "validUntil": "2099-12-31"}""".formatted(tier));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("entitlement not set: " + r.body());
        }
    }

    protected void policy(String tier, String priority, String firstResponse, String resolution) {
        HttpResponse<String> r = call("PUT", "/api/sla-policies/" + tier + "/" + priority, """
                {"firstResponse": "%s", "resolution": "%s"}""".formatted(firstResponse, resolution));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("policy not set: " + r.body());
        }
    }

    protected static void assertProblem(HttpResponse<String> r, int status, String... fields) {
        org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (fields.length > 0) {
            org.assertj.core.api.Assertions.assertThat(json(r).get("errors").findValuesAsString("field")).contains(fields);
        }
    }
}
