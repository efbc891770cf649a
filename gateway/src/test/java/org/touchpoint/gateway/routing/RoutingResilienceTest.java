package org.touchpoint.gateway.routing;

import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.http.MediaType;
import org.touchpoint.gateway.GatewayTestSupport;
import org.touchpoint.gateway.StubBackend;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingResilienceTest extends GatewayTestSupport {

    @Autowired
    private RouteLocator routes;

    @Autowired
    private ReactiveResilience4JCircuitBreakerFactory circuitBreakerFactory;

    @Autowired
    private ApplicationContext context;

    private String key;

    @BeforeEach
    void partnerKey() {
        key = createSecret("routing", "contacts:read", "contacts:write", "accounts:read");
    }

    @Test
    void customerServicePathsAreForwardedUnchanged() {
        for (String path : List.of("/api/accounts", "/api/accounts/a1", "/api/contacts", "/api/contacts/c1/merge")) {
            http.get().uri(path).header(API_KEY, key).exchange().expectStatus().isOk();
            assertThat(backend().lastReceived().path()).isEqualTo(path);
        }
    }

    @Test
    void unknownPathIs404ProblemJson() {
        http.get().uri("/api/nothing-here").header(API_KEY, key).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.type").isEqualTo("urn:touchpoint:problem:not-found")
                .jsonPath("$.detail").isEqualTo("Nothing here: /api/nothing-here");
        http.get().uri("/api/contactsXYZ").header(API_KEY, key).exchange()
                .expectStatus().isNotFound();
        assertThat(backend().received()).isEmpty();
    }

    @Test
    void backendDownAnswers503ProblemFromTheFallback() {
        backend().down();

        http.get().uri("/api/contacts").header(API_KEY, key).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.type").isEqualTo("urn:touchpoint:problem:service-unavailable")
                .jsonPath("$.title").isEqualTo("Service unavailable")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("customer-service"))
                .jsonPath("$.instance").isEqualTo("/api/contacts")
                .jsonPath("$.trace").doesNotExist();
        http.post().uri("/api/contacts").header(API_KEY, key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"x\"}")
                .exchange()
                .expectStatus().isEqualTo(503);
    }

    /**
     * 504, not 503: the route's response timeout (1s here, 10s by default) fires before the Resilience4j
     * time limiter (15s); the gateway turns it into a 504 and the circuit breaker's fallback keeps that
     * meaning ("the service did not answer in time") rather than "the service is unavailable".
     */
    @Test
    void backendSlowerThanTheResponseTimeoutAnswers504Problem() {
        backend().mode(StubBackend.Mode.SLOW);

        http.get().uri("/api/contacts").header(API_KEY, key).exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Gateway timeout")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("customer-service"));
    }

    @Test
    void postIsNotRetriedWhenTheBackendFails() {
        backend().mode(StubBackend.Mode.FAILING);

        http.post().uri("/api/contacts").header(API_KEY, key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"x\"}")
                .exchange()
                .expectStatus().isEqualTo(500);

        assertThat(backend().received()).hasSize(1);
    }

    @Test
    void getIsNotRetriedOnAnErrorResponseOnlyOnConnectErrors() {
        backend().mode(StubBackend.Mode.FAILING);

        http.get().uri("/api/contacts").header(API_KEY, key).exchange()
                .expectStatus().isEqualTo(500)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(backend().received()).hasSize(1);
    }

    @Test
    void retryRunsInsideTheCircuitBreakerAndOnlyForIdempotentMethodsOnConnectErrors() {
        Route route = routes.getRoutes().filter(r -> r.getId().equals("customer-service")).blockFirst();
        List<String> filters = route.getFilters().stream().map(Object::toString).toList();

        int breaker = indexOf(filters, "CircuitBreaker");
        int retry = indexOf(filters, "Retry");
        assertThat(breaker).as("circuit breaker in %s", filters).isNotNegative();
        assertThat(retry).as("retry in %s", filters).isGreaterThan(breaker);
        assertThat(filters.get(breaker)).contains("name = 'customer-service'").contains("forward:/fallback/customer-service");
        assertThat(filters.get(retry)).contains("GET", "HEAD", "exceptions = list[ConnectException]").doesNotContain("POST")
                .contains("series = list[[empty]]");
    }

    @Test
    void timeLimiterIsLongerThanTheRouteResponseTimeoutAndBreakerUsesOurSettings() {
        assertThat(circuitBreakerFactory.getTimeLimiterRegistry().getDefaultConfig().getTimeoutDuration())
                .isEqualTo(Duration.ofSeconds(15));
        CircuitBreakerConfig breaker = circuitBreakerFactory.getCircuitBreakerRegistry()
                .circuitBreaker("customer-service").getCircuitBreakerConfig();
        assertThat(breaker.getSlidingWindowSize()).isEqualTo(20);
        assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(10);
    }

    /** Spring Cloud CircuitBreaker's default bulkhead would fail calls beyond 25 in flight into the fallback. */
    @Test
    void fortyConcurrentCallsAllGetThroughBecauseThereIsNoBulkhead() {
        assertThat(context.getBeanNamesForType(ReactiveResilience4jBulkheadProvider.class)).isEmpty();
        backend().slowDelay(Duration.ofMillis(300));
        backend().mode(StubBackend.Mode.SLOW);
        ConnectionProvider connections = ConnectionProvider.builder("concurrency-test").maxConnections(100).build();
        try {
            WebClient client = WebClient.builder()
                    .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
                    .baseUrl("http://127.0.0.1:" + port)
                    .build();

            List<HttpStatusCode> statuses = Flux.range(0, 40)
                    .flatMap(i -> client.get().uri("/api/contacts/" + i).header(API_KEY, key)
                            .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode())), 40)
                    .collectList()
                    .block(Duration.ofSeconds(20));

            assertThat(statuses).hasSize(40).allMatch(HttpStatusCode::is2xxSuccessful);
        }
        finally {
            connections.dispose();
        }
    }

    @Test
    void fallbackEndpointIsNotReachableDirectly() {
        http.get().uri("/fallback/customer-service").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static int indexOf(List<String> filters, String name) {
        for (int i = 0; i < filters.size(); i++) {
            if (filters.get(i).contains(name)) {
                return i;
            }
        }
        return -1;
    }
}
