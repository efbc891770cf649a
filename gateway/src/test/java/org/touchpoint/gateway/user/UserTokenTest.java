package org.touchpoint.gateway.user;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.touchpoint.events.InternalTokenContract;
import org.touchpoint.gateway.GatewayTestSupport;
import org.touchpoint.gateway.TestIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/** Users of front-end apps: JWTs of the configured issuer, roles mapped to scopes by crm.gateway.roles. */
class UserTokenTest extends GatewayTestSupport {

    @Test
    void aSalesUserReadsAndWritesLeadsAndTheServiceSeesAUserPrincipal() throws Exception {
        String token = TestIssuer.token("alice", "Alice Moreira", List.of("sales"), Duration.ofMinutes(10));

        http.get().uri("/api/leads").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Policy", "\"user\";q=200;w=20");
        http.post().uri("/api/leads").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk();

        String forwarded = backend().lastReceived().headers().getFirst(HttpHeaders.AUTHORIZATION);
        assertThat(forwarded).startsWith("Bearer ").isNotEqualTo("Bearer " + token);
        JWTClaimsSet claims = SignedJWT.parse(forwarded.substring(7)).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("user:alice");
        assertThat(claims.getStringClaim(InternalTokenContract.CLAIM_KIND)).isEqualTo(InternalTokenContract.KIND_USER);
        assertThat(claims.getStringClaim(InternalTokenContract.CLAIM_NAME)).isEqualTo("Alice Moreira");
        assertThat(claims.getStringClaim(InternalTokenContract.CLAIM_SCOPE).split(" "))
                .contains("leads:read", "leads:write", "contacts:read").doesNotContain("sla:write", "admin");
    }

    @Test
    void rolesGrantOnlyTheirScopes() {
        String token = TestIssuer.token("bruno", "Bruno", List.of("support"), Duration.ofMinutes(10));

        http.get().uri("/api/cases").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk();
        http.get().uri("/api/leads").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.requiredScope").isEqualTo("leads:read");
        String nobody = TestIssuer.token("carla", "Carla", List.of("unknown-role"), Duration.ofMinutes(10));
        http.get().uri("/api/contacts").header(HttpHeaders.AUTHORIZATION, "Bearer " + nobody).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void expiredForgedOrForeignTokensAre401AndNeverForwarded() {
        for (String bad : List.of(
                TestIssuer.token("alice", "Alice", List.of("sales"), Duration.ofMinutes(-5)),
                TestIssuer.forged("alice", List.of("sales")),
                TestIssuer.fromIssuer("https://evil.example.test", "alice", List.of("sales")),
                "not.a.jwt")) {
            http.get().uri("/api/leads").header(HttpHeaders.AUTHORIZATION, "Bearer " + bad).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer .*invalid_token.*")
                    .expectBody().jsonPath("$.detail").isEqualTo("The bearer token is invalid or expired.");
        }
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void aUsersTokenIsCheckedOnceAndItsInternalTokenReused() {
        String token = TestIssuer.token("dora", "Dora", List.of("analyst"), Duration.ofMinutes(10));

        http.get().uri("/api/customers/con_1/360").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk();
        http.get().uri("/api/analytics/pareto").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk();

        assertThat(backend().received()).hasSize(2);
        assertThat(backend().received().get(1).headers().getFirst(HttpHeaders.AUTHORIZATION))
                .isEqualTo(backend().received().get(0).headers().getFirst(HttpHeaders.AUTHORIZATION));
    }

    @Test
    void anApiKeyWinsOverAnAuthorizationHeaderAndTheUsersAreRateLimitedApart() {
        String key = createSecret("partner-with-bearer", "contacts:read");
        String user = TestIssuer.token("eva", "Eva", List.of("sales"), Duration.ofMinutes(10));

        http.get().uri("/api/contacts").header(API_KEY, key).header(HttpHeaders.AUTHORIZATION, "Bearer " + user)
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Policy", "\"standard\";q=200;w=10");
        http.get().uri("/api/leads").header(API_KEY, key).header(HttpHeaders.AUTHORIZATION, "Bearer " + user)
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void withoutAnyCredentialTheChallengeNamesBothSchemes() {
        var headers = http.get().uri("/api/leads").exchange()
                .expectStatus().isUnauthorized()
                .returnResult(String.class).getResponseHeaders();
        assertThat(headers.get(HttpHeaders.WWW_AUTHENTICATE)).hasSize(2)
                .anySatisfy(h -> assertThat(h).startsWith("ApiKey "))
                .anySatisfy(h -> assertThat(h).startsWith("Bearer "));
    }
}
