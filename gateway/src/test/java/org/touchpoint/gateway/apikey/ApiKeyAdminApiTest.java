package org.touchpoint.gateway.apikey;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.touchpoint.gateway.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ApiKeyAdminApiTest extends GatewayTestSupport {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    private ReactiveMongoTemplate mongo;

    @Test
    void createShowsTheSecretOnceAndStoresOnlyItsHash() {
        Instant expiresAt = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);

        Map<String, Object> created = http.post().uri("/admin/api-keys")
                .header(API_KEY, ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Acme CRM sync", "partner", "Acme",
                        "scopes", List.of("contacts:read", "contacts:write"), "expiresAt", expiresAt.toString()))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches(HttpHeaders.LOCATION, "/admin/api-keys/key_[0-9A-Za-z]+")
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(JSON).returnResult().getResponseBody();

        String id = (String) created.get("id");
        String key = (String) created.get("key");
        assertThat(created).containsKeys("id", "key", "hint", "name", "partner", "scopes", "createdAt", "expiresAt")
                .doesNotContainKey("hash");
        assertThat(key).startsWith("tpk_");
        assertThat(created.get("hint")).isEqualTo(key.substring(4, 12));
        assertThat(created.get("partner")).isEqualTo("Acme");
        assertThat(created.get("scopes")).isEqualTo(List.of("contacts:read", "contacts:write"));
        assertThat(Instant.parse((String) created.get("expiresAt"))).isEqualTo(expiresAt);

        Map<String, Object> read = http.get().uri("/admin/api-keys/{id}", id).header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();
        assertThat(read).doesNotContainKeys("key", "hash").containsEntry("status", "active")
                .containsEntry("hint", created.get("hint"));
        assertThat(read.toString()).doesNotContain(key);

        Document stored = mongo.getCollection("api_keys")
                .flatMap(c -> reactor.core.publisher.Mono.from(c.find(new Document("_id", id)).first()))
                .block(Duration.ofSeconds(5));
        assertThat(stored.getString("hash")).isEqualTo(ApiKeySecret.sha256Hex(key));
        assertThat(stored.toJson()).doesNotContain(key.substring(12));
    }

    @Test
    void listPagesThroughAllKeysWithACursorAndNeverShowsSecretsOrHashes() {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            mine.add((String) createKey("page-" + i, "accounts:read").get("id"));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String uri = "/admin/api-keys?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
            Map<String, Object> page = http.get().uri(uri).header(API_KEY, ADMIN_KEY).exchange()
                    .expectStatus().isOk()
                    .expectBody(JSON).returnResult().getResponseBody();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
            assertThat(items).hasSizeLessThanOrEqualTo(2);
            items.forEach(item -> {
                assertThat(item).doesNotContainKeys("key", "hash").containsKeys("id", "hint", "scopes", "status");
                seen.add((String) item.get("id"));
            });
            assertThat(page).containsKey("nextCursor");
            cursor = (String) page.get("nextCursor");
            pages++;
        }
        while (cursor != null && pages < 100);

        assertThat(cursor).as("last page has no next cursor").isNull();
        assertThat(seen).doesNotHaveDuplicates().containsAll(mine);
    }

    @Test
    void listRejectsALimitOutsideOneTo200And400NamesIt() {
        for (String limit : List.of("0", "201")) {
            http.get().uri("/admin/api-keys?limit=" + limit).header(API_KEY, ADMIN_KEY).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        }
        http.get().uri("/admin/api-keys?cursor=!!!").header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
    }

    @Test
    void invalidCreateBodyIsRejectedWith400ListingTheOffendingFields() {
        Map<String, Object> problem = http.post().uri("/admin/api-keys")
                .header(API_KEY, ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "", "scopes", List.of("contacts:read", "everything"),
                        "expiresAt", "2001-01-01T00:00:00Z"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JSON).returnResult().getResponseBody();

        assertThat(problem).containsEntry("status", 400).containsEntry("title", "Bad request");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> errors = (List<Map<String, String>>) problem.get("errors");
        assertThat(errors).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("name", "scopes[1]", "expiresAt");
        assertThat(errors).allSatisfy(e -> assertThat(e.get("message")).isNotBlank());

        http.post().uri("/admin/api-keys").header(API_KEY, ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "no scopes", "scopes", List.of()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("scopes");
    }

    @Test
    void nameLongerThan100CharactersIsRejected() {
        http.post().uri("/admin/api-keys").header(API_KEY, ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "n".repeat(101), "scopes", List.of("admin")))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
    }

    @Test
    void malformedJsonIs400AndWrongContentTypeIs415() {
        http.post().uri("/admin/api-keys").header(API_KEY, ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": ")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        http.post().uri("/admin/api-keys").header(API_KEY, ADMIN_KEY).contentType(MediaType.TEXT_PLAIN)
                .bodyValue("name=x")
                .exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void adminApiWithoutKeyOrWithBadKeyIs401() {
        http.get().uri("/admin/api-keys").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE);
        http.get().uri("/admin/api-keys").header(API_KEY, ADMIN_KEY + "x").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void keyWithoutAdminScopeIsForbiddenOnTheAdminApi() {
        String partnerKey = createSecret("not-admin", "contacts:read", "contacts:write");

        http.get().uri("/admin/api-keys").header(API_KEY, partnerKey).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(403);
        http.post().uri("/admin/api-keys").header(API_KEY, partnerKey).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "escalation", "scopes", List.of("admin")))
                .exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void storedKeyWithAdminScopeCanUseTheAdminApi() {
        String adminKey = createSecret("ops-admin", "admin");

        http.post().uri("/admin/api-keys").header(API_KEY, adminKey).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "created-by-stored-admin", "scopes", List.of("accounts:read")))
                .exchange()
                .expectStatus().isCreated();
    }

    @Test
    void unknownIdIs404ForReadAndRevoke() {
        http.get().uri("/admin/api-keys/key_doesNotExist").header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Not found");
        http.delete().uri("/admin/api-keys/key_doesNotExist").header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void revokeIs204IdempotentAndShowsTheKeyAsRevoked() {
        String id = (String) createKey("revoke-me", "contacts:read").get("id");

        http.delete().uri("/admin/api-keys/{id}", id).header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isNoContent();
        http.delete().uri("/admin/api-keys/{id}", id).header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isNoContent();

        http.get().uri("/admin/api-keys/{id}", id).header(API_KEY, ADMIN_KEY).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("revoked")
                .jsonPath("$.revokedAt").isNotEmpty();
    }

    @Test
    void unsupportedMethodOnTheAdminApiIs405Problem() {
        http.put().uri("/admin/api-keys").header(API_KEY, ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.ALLOW);
    }

    @Test
    void hashHasAUniqueIndex() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<Document> indexes = mongo.getCollection("api_keys")
                    .flatMapMany(c -> c.listIndexes())
                    .collectList().block(Duration.ofSeconds(5));
            assertThat(indexes).anySatisfy(index -> {
                assertThat(index.get("key", Document.class)).containsKey("hash");
                assertThat(index.getBoolean("unique")).isTrue();
            });
        });
    }
}
