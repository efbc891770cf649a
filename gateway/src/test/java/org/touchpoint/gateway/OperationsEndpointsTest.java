package org.touchpoint.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsEndpointsTest extends GatewayTestSupport {

    @Test
    void readinessIncludesMongoAndNeedsNoApiKey() {
        http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.mongo.status").isEqualTo("UP");
        http.get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk();
    }

    @Test
    void prometheusMetricsCarryTheServiceTag() {
        String metrics = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("service=\"gateway\"");
    }

    @Test
    void infoSaysWhichBuildIsRunning() {
        http.get().uri("/actuator/info").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.build.artifact").isEqualTo("gateway");
    }
}
