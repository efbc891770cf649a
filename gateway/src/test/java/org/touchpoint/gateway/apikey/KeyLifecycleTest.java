package org.touchpoint.gateway.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.touchpoint.gateway.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rotation with a grace period, IP allowlists, tiers and revocation of every secret a key has. */
class KeyLifecycleTest extends GatewayTestSupport {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Test
    void rotationGivesANewSecretAndTheOldOneKeepsWorkingDuringTheGracePeriod() {
        Map<String, Object> created = createKey("rotating", "contacts:read");
        String id = (String) created.get("id");
        String old = (String) created.get("key");
        http.get().uri("/api/contacts").header(API_KEY, old).exchange().expectStatus().isOk();

        Map<String, Object> rotated = rotate(id, "PT1H");
        String fresh = (String) rotated.get("key");
        assertThat(fresh).startsWith("tpk_").isNotEqualTo(old);
        assertThat(rotated).containsEntry("id", id).containsEntry("previousHint", created.get("hint"))
                .containsKeys("previousKeyValidUntil", "rotatedAt");
        assertThat(Instant.parse((String) rotated.get("previousKeyValidUntil")))
                .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));

        http.get().uri("/api/contacts").header(API_KEY, fresh).exchange().expectStatus().isOk();
        http.get().uri("/api/contacts").header(API_KEY, old).exchange().expectStatus().isOk();
        http.get().uri("/admin/api-keys/{id}", id).header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.hint").isEqualTo(rotated.get("hint"))
                .jsonPath("$.previousSecrets[0].hint").isEqualTo(created.get("hint"))
                .jsonPath("$.rotatedAt").isNotEmpty()
                .jsonPath("$.key").doesNotExist();
        // Both secrets name the same key: one principal, one bucket, one usage record.
        assertThat(backend().received().get(1).headers().getFirst("Authorization"))
                .isEqualTo(backend().received().get(2).headers().getFirst("Authorization"));
    }

    /** The grace period ending, on a real clock: a short grace, then the old secret is refused. */
    @Test
    void theOldSecretIsRefusedOnceTheGracePeriodIsOver() {
        Map<String, Object> created = createKey("rotating-short", "contacts:read");
        String old = (String) created.get("key");
        Instant rotatedAt = Instant.now();
        String fresh = (String) rotate((String) created.get("id"), "PT3S").get("key");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                http.get().uri("/api/contacts").header(API_KEY, old).exchange().expectStatus().isUnauthorized());
        assertThat(Duration.between(rotatedAt, Instant.now())).as("not before the grace period ended")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        http.get().uri("/api/contacts").header(API_KEY, fresh).exchange().expectStatus().isOk();
    }

    @Test
    void rotationWithoutGraceEndsTheOldSecretAtOnceAndTheDefaultGraceIsADay() {
        Map<String, Object> created = createKey("rotate-now", "contacts:read");
        String old = (String) created.get("key");
        http.get().uri("/api/contacts").header(API_KEY, old).exchange().expectStatus().isOk();

        String fresh = (String) rotate((String) created.get("id"), "PT0S").get("key");

        http.get().uri("/api/contacts").header(API_KEY, old).exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/contacts").header(API_KEY, fresh).exchange().expectStatus().isOk();

        Map<String, Object> again = http.post().uri("/admin/api-keys/{id}/rotate", created.get("id"))
                .header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isOk()
                .expectHeader().cacheControl(CacheControl.noStore())
                .expectBody(JSON).returnResult().getResponseBody();
        assertThat(Instant.parse((String) again.get("previousKeyValidUntil")))
                .isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        http.get().uri("/api/contacts").header(API_KEY, fresh).exchange().expectStatus().isOk();
    }

    @Test
    void revokingAKeyRejectsItsCurrentAndItsRotatedSecretsOnTheNextRequest() {
        Map<String, Object> created = createKey("rotate-then-revoke", "contacts:read");
        String id = (String) created.get("id");
        String old = (String) created.get("key");
        String fresh = (String) rotate(id, "PT1H").get("key");
        http.get().uri("/api/contacts").header(API_KEY, old).exchange().expectStatus().isOk();
        http.get().uri("/api/contacts").header(API_KEY, fresh).exchange().expectStatus().isOk();

        http.delete().uri("/admin/api-keys/{id}", id).header(API_KEY, ADMIN_KEY).exchange().expectStatus().isNoContent();

        http.get().uri("/api/contacts").header(API_KEY, old).exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/contacts").header(API_KEY, fresh).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void rotationErrorsAreProblems() {
        http.post().uri("/admin/api-keys/key_unknown/rotate").header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        String id = (String) createKey("bad-grace", "contacts:read").get("id");
        for (String grace : List.of("P31D", "-PT1S")) {
            http.post().uri("/admin/api-keys/{id}/rotate", id).header(API_KEY, ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("gracePeriod", grace)).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("gracePeriod");
        }

        http.delete().uri("/admin/api-keys/{id}", id).header(API_KEY, ADMIN_KEY).exchange().expectStatus().isNoContent();
        http.post().uri("/admin/api-keys/{id}/rotate", id).header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("revoked"));

        String partner = createSecret("not-admin-rotator", "contacts:read");
        http.post().uri("/admin/api-keys/{id}/rotate", id).header(API_KEY, partner).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void aKeyWithAnIpAllowlistWorksOnlyFromThoseAddresses() {
        Map<String, Object> local = createKey(Map.of("name", "from-localhost", "scopes", List.of("contacts:read"),
                "allowedCidrs", List.of("10.0.0.0/8", "127.0.0.1/32")));
        assertThat(local.get("allowedCidrs")).isEqualTo(List.of("10.0.0.0/8", "127.0.0.1/32"));
        http.get().uri("/api/contacts").header(API_KEY, (String) local.get("key")).exchange().expectStatus().isOk();

        String elsewhere = (String) createKey(Map.of("name", "from-office", "scopes", List.of("contacts:read"),
                "allowedCidrs", List.of("203.0.113.0/24", "2001:db8::/32"))).get("key");
        http.get().uri("/api/contacts").header(API_KEY, elsewhere).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("This API key may not be used from this address.");
        assertThat(backend().received()).hasSize(1);
    }

    @Test
    void invalidAllowlistEntriesAreRejectedNamingEachOne() {
        http.post().uri("/admin/api-keys").header(API_KEY, ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "bad-cidrs", "scopes", List.of("contacts:read"),
                        "allowedCidrs", List.of("10.0.0.0/8", "10.0.0.0/33", "office.example.com")))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("allowedCidrs[1]")
                .jsonPath("$.errors[1].field").isEqualTo("allowedCidrs[2]");
    }

    @Test
    void aKeyShowsItsTierAllowlistCreationAndLastUseButNeverItsSecret() {
        Map<String, Object> created = createKey(Map.of("name", "shown", "scopes", List.of("contacts:read"),
                "rateLimitTier", "premium", "allowedCidrs", List.of("127.0.0.0/8")));
        http.get().uri("/api/contacts").header(API_KEY, (String) created.get("key")).exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                http.get().uri("/admin/api-keys/{id}", created.get("id")).header(API_KEY, ADMIN_KEY).exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.rateLimitTier").isEqualTo("premium")
                        .jsonPath("$.allowedCidrs[0]").isEqualTo("127.0.0.0/8")
                        .jsonPath("$.createdAt").isNotEmpty()
                        .jsonPath("$.lastUsedAt").isNotEmpty()
                        .jsonPath("$.key").doesNotExist()
                        .jsonPath("$.hash").doesNotExist());
    }

    private Map<String, Object> rotate(String id, String grace) {
        return http.post().uri("/admin/api-keys/{id}/rotate", id).header(API_KEY, ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("gracePeriod", grace))
                .exchange()
                .expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();
    }
}
