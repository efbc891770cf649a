package org.touchpoint.gateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.touchpoint.gateway.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Usage per key, per minute, route and status, written in batches; Prometheus totals without key ids. */
class UsageTest extends GatewayTestSupport {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Test
    void usageCountsMatchTheRequestsSentByRouteAndStatus() {
        Map<String, Object> created = createKey("metered", "contacts:read", "leads:read");
        String id = (String) created.get("id");
        String key = (String) created.get("key");
        Instant from = Instant.now().minusSeconds(60);
        for (int i = 0; i < 7; i++) {
            http.get().uri("/api/contacts/con_" + i).header(API_KEY, key).exchange().expectStatus().isOk();
        }
        for (int i = 0; i < 3; i++) {
            http.get().uri("/api/leads").header(API_KEY, key).exchange().expectStatus().isOk();
        }
        http.post().uri("/api/contacts").header(API_KEY, key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isForbidden();
        http.get().uri("/api/contacts").header(API_KEY, createSecret("someone-else", "contacts:read")).exchange()
                .expectStatus().isOk();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Object> usage = usage(id, from, Instant.now().plusSeconds(60));
            assertThat(usage).containsEntry("keyId", id).containsEntry("total", 11);
            assertThat(usage.get("byRoute")).isEqualTo(Map.of("customer-service", 8, "sales-service", 3));
            assertThat(usage.get("byStatus")).isEqualTo(Map.of("200", 10, "403", 1));
        });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> minutes = (List<Map<String, Object>>) usage(id, from, Instant.now().plusSeconds(60))
                .get("minutes");
        assertThat(minutes).isNotEmpty().allSatisfy(minute -> {
            assertThat(minute).containsKeys("minute", "route", "status", "count");
            assertThat(Instant.parse((String) minute.get("minute")).getEpochSecond() % 60).isZero();
        });
        assertThat(minutes.stream().mapToInt(m -> (Integer) m.get("count")).sum()).isEqualTo(11);
    }

    @Test
    void usageOutsideTheRangeIsNotCountedAndDefaultsToTheLastDay() {
        Map<String, Object> created = createKey("metered-range", "contacts:read");
        http.get().uri("/api/contacts").header(API_KEY, (String) created.get("key")).exchange().expectStatus().isOk();
        String id = (String) created.get("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                http.get().uri("/admin/api-keys/{id}/usage", id).header(API_KEY, ADMIN_KEY).exchange()
                        .expectStatus().isOk()
                        .expectBody().jsonPath("$.total").isEqualTo(1));
        assertThat(usage(id, Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1))))
                .containsEntry("total", 0);
    }

    @Test
    void badRangesAre400AndAnUnknownKeyIs404() {
        String id = (String) createKey("metered-errors", "contacts:read").get("id");
        http.get().uri("/admin/api-keys/{id}/usage?from=yesterday", id).header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
        http.get().uri("/admin/api-keys/{id}/usage?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", id)
                .header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isBadRequest();
        http.get().uri("/admin/api-keys/{id}/usage?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", id)
                .header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("31 days"));
        http.get().uri("/admin/api-keys/key_unknown/usage").header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isNotFound();
        http.get().uri("/admin/api-keys/{id}/usage", id).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void prometheusHasTotalsByRouteStatusAndKindButNoSeriesPerKey() {
        Map<String, Object> created = createKey("metered-prometheus", "contacts:read");
        http.get().uri("/api/contacts").header(API_KEY, (String) created.get("key")).exchange().expectStatus().isOk();

        String metrics = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).containsPattern(
                "gateway_principal_requests_total\\{[^}]*kind=\"partner\"[^}]*route=\"customer-service\"[^}]*status=\"200\"");
        assertThat(metrics).doesNotContain((String) created.get("id"));
    }

    private Map<String, Object> usage(String id, Instant from, Instant to) {
        return http.get().uri("/admin/api-keys/{id}/usage?from={from}&to={to}", id, from, to)
                .header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();
    }
}
