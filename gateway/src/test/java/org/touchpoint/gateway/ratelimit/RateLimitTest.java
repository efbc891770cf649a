package org.touchpoint.gateway.ratelimit;

import java.util.Map;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.touchpoint.gateway.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** In-memory buckets (no Redis configured): the tier "trial" allows a burst of 20, then one more per second. */
class RateLimitTest extends GatewayTestSupport {

    @Test
    void answersCarryTheIetfRateLimitHeaders() {
        String key = (String) createKey(Map.of("name", "headers", "scopes", List.of("contacts:read"),
                "rateLimitTier", "trial")).get("key");

        http.get().uri("/api/contacts").header(API_KEY, key).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Policy", "\"trial\";q=20;w=20")
                .expectHeader().valueMatches("RateLimit", "\"trial\";r=19;t=[12]");
    }

    @Test
    void aBurstBeyondTheTierGets429ProblemWithRetryAfterAndIsNotForwarded() {
        String key = (String) createKey(Map.of("name", "burst", "scopes", List.of("contacts:read"),
                "rateLimitTier", "trial")).get("key");

        int ok = 0;
        EntityExchangeResult<byte[]> refused = null;
        for (int i = 0; i < 25 && refused == null; i++) {
            EntityExchangeResult<byte[]> result = http.get().uri("/api/contacts").header(API_KEY, key).exchange()
                    .expectBody().returnResult();
            if (result.getStatus().value() == 200) {
                ok++;
            }
            else {
                refused = result;
            }
        }
        assertThat(ok).as("the burst of the trial tier").isBetween(20, 21);
        assertThat(refused).isNotNull();
        assertThat(refused.getStatus().value()).isEqualTo(429);
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(refused.getResponseHeaders().getFirst("RateLimit")).startsWith("\"trial\";r=0;");
        assertThat(new String(refused.getResponseBody())).contains("\"status\":429").contains("Too many requests");
        assertThat(backend().received()).hasSize(ok);
    }

    @Test
    void bucketsArePerKeyAndAnotherKeyOfTheSamePartnerIsNotSlowedDown() {
        String first = (String) createKey(Map.of("name", "first", "partner", "Same Ltd", "scopes",
                List.of("contacts:read"), "rateLimitTier", "trial")).get("key");
        String second = (String) createKey(Map.of("name", "second", "partner", "Same Ltd", "scopes",
                List.of("contacts:read"), "rateLimitTier", "trial")).get("key");
        for (int i = 0; i < 21; i++) {
            http.get().uri("/api/contacts").header(API_KEY, first).exchange();
        }
        http.get().uri("/api/contacts").header(API_KEY, first).exchange().expectStatus().isEqualTo(429);

        http.get().uri("/api/contacts").header(API_KEY, second).exchange().expectStatus().isOk()
                .expectHeader().valueMatches("RateLimit", "\"trial\";r=19;.*");
    }

    @Test
    void aKeyWithoutTierGetsTheDefaultTier() {
        String key = createSecret("default-tier", "contacts:read");

        http.get().uri("/api/contacts").header(API_KEY, key).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Policy", "\"standard\";q=200;w=10");
    }

    @Test
    void refusedRequestsSpendNoTokensAndUnknownTiersAreRejectedAtCreation() {
        String key = (String) createKey(Map.of("name", "no-scope", "scopes", List.of("accounts:read"),
                "rateLimitTier", "trial")).get("key");
        for (int i = 0; i < 25; i++) {
            http.get().uri("/api/contacts").header(API_KEY, key).exchange().expectStatus().isForbidden();
        }
        http.get().uri("/api/accounts").header(API_KEY, key).exchange().expectStatus().isOk();

        http.post().uri("/admin/api-keys").header(API_KEY, ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "scopes", List.of("contacts:read"), "rateLimitTier", "platinum"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("rateLimitTier");
    }
}
