package org.touchpoint.gateway.scope;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.touchpoint.gateway.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway refuses a request the caller's scopes do not cover before it reaches a service. */
class ScopeEnforcementTest extends GatewayTestSupport {

    @Test
    void aReadOnlyKeyCanReadContactsButNotWriteThem() {
        String key = createSecret("reader", "contacts:read");

        http.get().uri("/api/contacts").header(API_KEY, key).exchange().expectStatus().isOk();
        http.get().uri("/api/contacts/con_1").header(API_KEY, key).exchange().expectStatus().isOk();
        assertThat(backend().received()).hasSize(2);

        http.post().uri("/api/contacts").header(API_KEY, key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firstName", "Lucía")).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.title").isEqualTo("Forbidden")
                .jsonPath("$.requiredScope").isEqualTo("contacts:write")
                .jsonPath("$.detail").isEqualTo("This request needs the scope contacts:write.")
                .jsonPath("$.instance").isEqualTo("/api/contacts");
        http.delete().uri("/api/contacts/con_1").header(API_KEY, key).exchange().expectStatus().isForbidden();
        http.put().uri("/api/contacts/con_1").header(API_KEY, key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isForbidden();
        assertThat(backend().received()).as("refused requests never reach the service").hasSize(2);
    }

    @Test
    void aScopeOfOneResourceGrantsNothingOnAnother() {
        String key = createSecret("contacts-only", "contacts:read", "contacts:write");

        http.get().uri("/api/accounts").header(API_KEY, key).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.requiredScope").isEqualTo("accounts:read");
        http.get().uri("/api/customers/con_1/360").header(API_KEY, key).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.requiredScope").isEqualTo("analytics:read");
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void aWriteKeyCanWriteAndAReadOnlyPostLikeASegmentPreviewNeedsOnlyTheReadScope() {
        String writer = createSecret("writer", "contacts:write");
        http.post().uri("/api/contacts").header(API_KEY, writer).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firstName", "Lucía")).exchange().expectStatus().isOk();
        http.get().uri("/api/contacts").header(API_KEY, writer).exchange().expectStatus().isForbidden();

        String segmentReader = createSecret("segment-reader", "segments:read");
        http.post().uri("/api/segments/preview").header(API_KEY, segmentReader)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isOk();
        http.post().uri("/api/segments").header(API_KEY, segmentReader)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isForbidden();
    }

    @Test
    void theAdminScopeAloneGrantsNoServiceResource() {
        String admin = createSecret("ops", "admin");

        http.get().uri("/api/contacts").header(API_KEY, admin).exchange().expectStatus().isForbidden();
        assertThat(backend().received()).isEmpty();
    }
}
