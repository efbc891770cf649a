package org.touchpoint.gateway.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.touchpoint.gateway.GatewayTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** /docs: the Swagger UI over every service's OpenAPI document, read through the gateway. */
class DocsTest extends GatewayTestSupport {

    @Test
    void theSwaggerUiListsEveryServiceAndTheGatewaysAdminApi() {
        String location = http.get().uri("/docs").exchange()
                .expectStatus().is3xxRedirection()
                .returnResult(Void.class).getResponseHeaders().getFirst(HttpHeaders.LOCATION);
        assertThat(location).isEqualTo("/swagger-ui/index.html");
        http.get().uri(location.replaceFirst("^https?://[^/]+", "")).exchange()
                .expectStatus().isOk()
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("script-src 'self'"));

        Map<String, Object> config = http.get().uri("/docs/gateway/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, String>> urls = (List<Map<String, String>>) config.get("urls");
        assertThat(urls).extracting(u -> u.get("url")).contains("/docs/customer-service/v3/api-docs",
                "/docs/sales-service/v3/api-docs", "/docs/marketing-service/v3/api-docs",
                "/docs/support-service/v3/api-docs", "/docs/analytics-service/v3/api-docs",
                "/docs/gateway/v3/api-docs");
    }

    @Test
    void eachServicesDocumentIsReadThroughTheGatewayWithoutACredential() {
        for (String service : List.of("customer-service", "sales-service", "marketing-service", "support-service",
                "analytics-service")) {
            http.get().uri("/docs/" + service + "/v3/api-docs")
                    .header(API_KEY, "tpk_whatever").header(HttpHeaders.AUTHORIZATION, "Bearer forged")
                    .exchange().expectStatus().isOk();
            assertThat(backend().lastReceived().path()).isEqualTo("/v3/api-docs");
            assertThat(backend().lastReceived().headers().getFirst(HttpHeaders.AUTHORIZATION)).isNull();
            assertThat(backend().lastReceived().headers().getFirst(API_KEY)).isNull();
        }
        http.post().uri("/docs/customer-service/v3/api-docs").exchange().expectStatus().isNotFound();
    }

    @Test
    void theGatewaysOwnDocumentDescribesTheAdminApi() {
        http.get().uri("/docs/gateway/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/admin/api-keys']").exists()
                .jsonPath("$.paths['/admin/api-keys/{id}/rotate']").exists()
                .jsonPath("$.paths['/admin/api-keys/{id}/usage']").exists()
                .jsonPath("$.paths['/fallback/{routeId}']").doesNotExist();
    }
}
