package org.touchpoint.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.touchpoint.gateway.GatewayTestSupport;

/** Every service's resources are routed (with a key), and only /public/** goes through without one. */
class ServiceRoutesTest extends GatewayTestSupport {

    @Test
    void everyServiceResourceIsRoutedWithTheInternalToken() {
        // Every read scope: the gateway checks the scope each path needs (ScopeRulesTest covers that).
        String key = createSecret("routes-check", "leads:read", "opportunities:read", "activities:read",
                "segments:read", "campaigns:read", "cases:read", "sla:read", "analytics:read");
        for (String path : List.of("/api/leads", "/api/opportunities/opp_1", "/api/forecast?period=month",
                "/api/customers/con_1/briefing", "/api/segments", "/api/campaigns/cmp_1/roi",
                "/api/customers/con_1/recommendations", "/api/cases", "/api/sla/compliance",
                "/api/customers/con_1/support-context", "/api/customers/con_1/360", "/api/customers/con_1/timeline",
                "/api/analytics/pareto")) {
            http.get().uri(path).header(API_KEY, key).exchange().expectStatus().isOk();
            assertThat(backend().lastReceived().path()).as(path).isEqualTo(path.replaceAll("\\?.*", ""));
            assertThat(backend().lastReceived().headers().getFirst(HttpHeaders.AUTHORIZATION)).as(path).startsWith("Bearer ");
        }
    }

    @Test
    void privateResourcesStillNeedAKey() {
        for (String path : List.of("/api/leads", "/api/cases", "/api/customers/con_1/360", "/api/segments")) {
            http.get().uri(path).exchange().expectStatus().isUnauthorized();
        }
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void publicTrackingAndSurveyPathsNeedNoKeyAndCarryNoCredential() {
        for (String path : List.of("/public/track/o/abc.gif", "/public/surveys/tok123")) {
            http.get().uri(path)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer forged-internal-token")
                    .header(API_KEY, "tpk_whatever")
                    .exchange().expectStatus().isOk();
            HttpHeaders forwarded = backend().lastReceived().headers();
            assertThat(backend().lastReceived().path()).isEqualTo(path);
            assertThat(forwarded.getFirst(HttpHeaders.AUTHORIZATION)).as("no token, least of all the client's").isNull();
            assertThat(forwarded.getFirst(API_KEY)).isNull();
        }
    }

    @Test
    void otherPathsOfAServiceWithPublicRoutesAreNotPublic() {
        http.get().uri("/public/campaigns").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/campaigns").exchange().expectStatus().isUnauthorized();
        assertThat(backend().received()).isEmpty();
    }
}
