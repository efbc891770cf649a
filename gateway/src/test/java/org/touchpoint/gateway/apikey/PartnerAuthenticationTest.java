package org.touchpoint.gateway.apikey;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.touchpoint.events.InternalTokenContract;
import org.touchpoint.gateway.GatewayTestSupport;
import org.touchpoint.gateway.StubBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PartnerAuthenticationTest extends GatewayTestSupport {

    @Autowired
    private ApiKeyStore store;

    @Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void requestWithoutKeyIsRejectedWith401ProblemAndNeverForwarded() {
        http.get().uri("/api/contacts").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "ApiKey .*")
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.title").isEqualTo("Unauthorized")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("X-API-Key"));

        assertThat(backend().received()).isEmpty();
    }

    @Test
    void malformedKeyIsRejectedWith401() {
        String valid = createSecret("malformed-check", "contacts:read");
        String badChecksum = valid.substring(0, 41) + (valid.charAt(41) == 'A' ? 'B' : 'A');

        for (String bad : List.of("not-a-key", "tpk_short", badChecksum)) {
            http.get().uri("/api/contacts").header(API_KEY, bad).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE);
        }
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void aRequestRejectedBeforeItsBodyIsReadClosesItsConnectionAndTheNextRequestProceeds() {
        String body = "{\"firstName\": \"" + "x".repeat(4 * 1024) + "\"}";
        for (int i = 0; i < 3; i++) {
            http.post().uri("/api/contacts").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().valueEquals(HttpHeaders.CONNECTION, "close");
        }
        String key = createSecret("after-early-rejections", "contacts:read");
        http.get().uri("/api/contacts").header(API_KEY, key).exchange().expectStatus().isOk();
    }

    @Test
    void theCallersTraceContinuesToTheService() {
        String key = createSecret("trace-check", "contacts:read");
        String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
        http.get().uri("/api/contacts").header(API_KEY, key)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").exchange()
                .expectStatus().isOk();
        assertThat(backend().lastReceived().headers().getFirst("traceparent")).startsWith("00-" + traceId + "-");

        http.get().uri("/api/contacts").header(API_KEY, key).exchange().expectStatus().isOk();
        assertThat(backend().lastReceived().headers().getFirst("traceparent")).as("a trace starts at the gateway")
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    @Test
    void wellFormedButUnknownKeyIsRejectedWith401() {
        String unknown = ApiKeySecret.generate(new java.security.SecureRandom()).value();

        http.get().uri("/api/contacts").header(API_KEY, unknown).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("The API key is invalid, expired or revoked.");
    }

    @Test
    void repeatedUnknownKeyIsAnsweredFromTheNegativeCacheWithoutAskingMongoAgain() {
        String unknown = ApiKeySecret.generate(new java.security.SecureRandom()).value();
        double hitsBefore = negativeCacheHits();

        for (int i = 0; i < 3; i++) {
            http.get().uri("/api/contacts").header(API_KEY, unknown).exchange()
                    .expectStatus().isUnauthorized();
        }

        assertThat(negativeCacheHits() - hitsBefore).isEqualTo(2);
        assertThat(backend().received()).isEmpty();
    }

    private double negativeCacheHits() {
        var counter = meters.find(ApiKeyAuthenticator.NEGATIVE_CACHE_HITS).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void validKeyReachesTheBackendWithAVerifiableInternalTokenAndWithoutTheApiKey() throws Exception {
        Map<String, Object> created = createKey("acme", "contacts:read", "accounts:read");
        String key = (String) created.get("key");

        http.get().uri("/api/contacts/42?x=1").header(API_KEY, key).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.path").isEqualTo("/api/contacts/42");

        StubBackend.Received received = backend().lastReceived();
        assertThat(received.path()).as("path forwarded unchanged").isEqualTo("/api/contacts/42");
        assertThat(received.headers().containsHeader(API_KEY)).isFalse();

        String authorization = received.headers().getFirst(HttpHeaders.AUTHORIZATION);
        assertThat(authorization).startsWith("Bearer ");
        SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(jwt.verify(new MACVerifier(SECRET))).as("signed with the shared secret").isTrue();

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(InternalTokenContract.ISSUER);
        assertThat(claims.getAudience()).containsExactly(InternalTokenContract.AUDIENCE);
        assertThat(claims.getSubject()).isEqualTo("key:" + created.get("id"));
        assertThat(claims.getStringClaim(InternalTokenContract.CLAIM_KIND)).isEqualTo(InternalTokenContract.KIND_PARTNER);
        assertThat(claims.getStringClaim(InternalTokenContract.CLAIM_SCOPE)).isEqualTo("contacts:read accounts:read");
        assertThat(claims.getStringClaim(InternalTokenContract.CLAIM_NAME)).isEqualTo("acme Ltd");
        assertThat(claims.getJWTID()).isNotBlank();
        Date now = new Date();
        assertThat(claims.getIssueTime()).isBeforeOrEqualTo(now);
        assertThat(claims.getExpirationTime()).isAfter(now)
                .isBeforeOrEqualTo(Date.from(claims.getIssueTime().toInstant().plus(InternalTokenContract.MAX_TTL)));
    }

    @Test
    void invalidTokenSignatureWouldBeDetectedByServices() throws Exception {
        String key = createSecret("wrong-secret-check", "contacts:read");

        http.get().uri("/api/contacts").header(API_KEY, key).exchange().expectStatus().isOk();

        String token = backend().lastReceived().headers().getFirst(HttpHeaders.AUTHORIZATION).substring(7);
        assertThat(SignedJWT.parse(token).verify(new MACVerifier("another-secret-another-secret-0123456789")))
                .isFalse();
    }

    @Test
    void sameKeyReusesItsSignedTokenAcrossRequests() {
        String key = createSecret("reuse", "contacts:read", "accounts:read");

        http.get().uri("/api/contacts").header(API_KEY, key).exchange().expectStatus().isOk();
        http.get().uri("/api/accounts").header(API_KEY, key).exchange().expectStatus().isOk();

        List<StubBackend.Received> received = backend().received();
        assertThat(received).hasSize(2);
        assertThat(received.get(1).headers().getFirst(HttpHeaders.AUTHORIZATION))
                .isEqualTo(received.get(0).headers().getFirst(HttpHeaders.AUTHORIZATION));
    }

    @Test
    void clientCredentialsAndSpoofedIdentityHeadersAreNotForwarded() {
        String key = createSecret("spoofer", "contacts:read");

        http.get().uri("/api/contacts").header(API_KEY, key)
                .header(HttpHeaders.AUTHORIZATION, "Bearer forged")
                .header("X-Forwarded-User", "root")
                .header("X-User-Id", "admin")
                .exchange().expectStatus().isOk();

        HttpHeaders forwarded = backend().lastReceived().headers();
        assertThat(forwarded.get(HttpHeaders.AUTHORIZATION)).hasSize(1);
        assertThat(forwarded.getFirst(HttpHeaders.AUTHORIZATION)).isNotEqualTo("Bearer forged");
        assertThat(forwarded.containsHeader("X-Forwarded-User")).isFalse();
        assertThat(forwarded.containsHeader("X-User-Id")).isFalse();
    }

    @Test
    void revokedKeyIsRejectedAtOnceWith401() {
        Map<String, Object> created = createKey("to-revoke", "contacts:read");
        String key = (String) created.get("key");
        http.get().uri("/api/contacts").header(API_KEY, key).exchange().expectStatus().isOk();

        http.delete().uri("/admin/api-keys/{id}", created.get("id")).header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isNoContent();

        http.get().uri("/api/contacts").header(API_KEY, key).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void expiredKeyIsRejectedWith401() {
        ApiKeySecret secret = ApiKeySecret.generate(new java.security.SecureRandom());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.insert(new ApiKey("key_expiredTest", "expired", "expired Ltd", List.of("contacts:read"),
                secret.hash(), secret.hint(), now.minus(Duration.ofDays(2)), now.minus(Duration.ofMinutes(1)),
                null, null)).block(Duration.ofSeconds(5));

        http.get().uri("/api/contacts").header(API_KEY, secret.value()).exchange()
                .expectStatus().isUnauthorized();
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void useOfAKeyIsRecordedAsLastUsedAtWithoutDelayingTheRequest() {
        Map<String, Object> created = createKey("last-used", "contacts:read");

        http.get().uri("/api/contacts").header(API_KEY, (String) created.get("key")).exchange()
                .expectStatus().isOk();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                http.get().uri("/admin/api-keys/{id}", created.get("id")).header(API_KEY, ADMIN_KEY).exchange()
                        .expectStatus().isOk()
                        .expectBody().jsonPath("$.lastUsedAt").isNotEmpty());
    }
}
