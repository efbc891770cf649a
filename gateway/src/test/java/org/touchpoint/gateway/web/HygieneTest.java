package org.touchpoint.gateway.web;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.touchpoint.gateway.GatewayTestSupport;
import org.touchpoint.gateway.StubBackend;
import org.touchpoint.gateway.TestIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS for the configured front-end origin, security headers, header limits, recovery after an outage. */
class HygieneTest extends GatewayTestSupport {

    @Test
    void aPreflightFromTheAllowedOriginIsAnsweredWithoutCredentialsAndNeverForwarded() {
        http.options().uri("/api/leads")
                .header(HttpHeaders.ORIGIN, APP_ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type,idempotency-key")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, APP_ORIGIN)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, m -> assertThat(m).contains("POST"))
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        h -> assertThat(h.toLowerCase()).contains("authorization").contains("idempotency-key"));
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void aUserTokenWorksFromTheAllowedOriginAndTheAppMayReadTheRateLimitHeaders() {
        String token = TestIssuer.token("alice", "Alice", List.of("sales"), Duration.ofMinutes(5));

        http.get().uri("/api/leads").header(HttpHeaders.ORIGIN, APP_ORIGIN)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, APP_ORIGIN)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                        h -> assertThat(h).contains("RateLimit").contains("Retry-After").contains("ETag"));
    }

    @Test
    void anOriginNotListedGetsNoCorsAccess() {
        http.options().uri("/api/leads")
                .header(HttpHeaders.ORIGIN, "https://evil.example.test")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        String token = TestIssuer.token("alice", "Alice", List.of("sales"), Duration.ofMinutes(5));
        http.get().uri("/api/leads").header(HttpHeaders.ORIGIN, "https://evil.example.test")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        String key = createSecret("headers", "contacts:read");
        List<WebTestClient.ResponseSpec> answers = List.of(
                http.get().uri("/api/contacts").header(API_KEY, key).exchange(),      // forwarded
                http.get().uri("/api/contacts").exchange(),                           // 401
                http.get().uri("/nothing").exchange(),                                // 404
                http.get().uri("/api/contacts;x").exchange(),                         // 400
                http.get().uri("/admin/api-keys").header(API_KEY, ADMIN_KEY).exchange()); // admin API
        for (int i = 0; i < answers.size(); i++) {
            WebTestClient.ResponseSpec answer = answers.get(i);
            int index = i;
            answer.expectHeader().value("X-Content-Type-Options",
                    v -> assertThat(v).as("answer %d", index).isEqualTo("nosniff"));
            answer.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("X-Frame-Options", "DENY")
                    .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                    .expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                    .expectHeader().exists("Strict-Transport-Security");
        }
    }

    @Test
    void headersLargerThanTheLimitAre431() {
        http.get().uri("/api/contacts").header("X-Padding", "x".repeat(20 * 1024)).exchange()
                .expectStatus().isEqualTo(431);
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void aStoppedServiceGives503WithinTheTimeoutAndRecoversOnItsOwn() {
        String key = createSecret("outage", "contacts:read");
        backend().down();
        long started = System.nanoTime();
        http.get().uri("/api/contacts").header(API_KEY, key).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

        backend().up();
        http.get().uri("/api/contacts").header(API_KEY, key).exchange().expectStatus().isOk();
    }

    @Test
    void publicRoutesHaveTheirOwnShorterTimeout() {
        backend().slowDelay(Duration.ofMillis(1500));
        backend().mode(StubBackend.Mode.SLOW);
        // The global test timeout is 1s: the public route's own 3s lets a 1.5s answer through.
        http.mutate().responseTimeout(Duration.ofSeconds(10)).build()
                .method(HttpMethod.GET).uri("/public/surveys/tok").exchange().expectStatus().isOk();
    }
}
