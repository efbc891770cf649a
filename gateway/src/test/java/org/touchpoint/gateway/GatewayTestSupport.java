package org.touchpoint.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of every HTTP test: the whole gateway on a random port, in front of {@link TestServers}. All
 * subclasses share this exact configuration, so Spring's context cache starts the gateway once per run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "crm.gateway.admin-key=" + GatewayTestSupport.ADMIN_KEY,
        "crm.gateway.internal-token.secret=" + GatewayTestSupport.SECRET,
        "crm.gateway.max-body-size=16KB",
        // Short, so the slow-backend test takes about a second; production default 10s.
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s",
        // Usage counts reach MongoDB quickly, so usage tests wait little.
        "crm.gateway.usage.flush-interval=200ms",
        "crm.gateway.cors.allowed-origins=" + GatewayTestSupport.APP_ORIGIN,
        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIssuer.ISSUER})
@ExtendWith(TestServers.Extension.class)
public abstract class GatewayTestSupport {

    public static final String ADMIN_KEY = "test-bootstrap-admin-key-0123456789";
    public static final String SECRET = "test-internal-token-secret-0123456789-abcdef";
    public static final String API_KEY = "X-API-Key";
    public static final String APP_ORIGIN = "https://app.example.test";

    @LocalServerPort
    protected int port;

    @Autowired
    private ReactiveResilience4JCircuitBreakerFactory circuitBreakers;

    protected WebTestClient http;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> TestServers.get().mongoUri());
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestIssuer::publicKeyLocation);
        for (String service : List.of("CUSTOMER", "SALES", "MARKETING", "SUPPORT", "ANALYTICS")) {
            registry.add(service + "_SERVICE_URI", () -> TestServers.get().backend().uri());
        }
    }

    @BeforeEach
    void freshClientHealthyBackendClosedBreakers() {
        // A connection per request, never reactor-netty's global pool: a connection one test left half-used
        // (a request answered before its body was sent, a response not read) must not stall the next test.
        http = WebTestClient.bindToServer(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                        reactor.netty.http.client.HttpClient.create(reactor.netty.resources.ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
        backend().reset();
        circuitBreakers.getCircuitBreakerRegistry().getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @AfterEach
    void backendBackUp() {
        backend().reset();
    }

    protected static StubBackend backend() {
        return TestServers.get().backend();
    }

    /** Creates a key through the admin API and returns the creation response (which holds the secret). */
    protected Map<String, Object> createKey(String name, String... scopes) {
        return http.post().uri("/admin/api-keys")
                .header(API_KEY, ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "partner", name + " Ltd", "scopes", List.of(scopes)))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .returnResult().getResponseBody();
    }

    /** Creates a key with extra fields (allowedCidrs, rateLimitTier, ...) and returns the creation response. */
    protected Map<String, Object> createKey(Map<String, Object> body) {
        return http.post().uri("/admin/api-keys")
                .header(API_KEY, ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .returnResult().getResponseBody();
    }

    protected String createSecret(String name, String... scopes) {
        return (String) createKey(name, scopes).get("key");
    }

    protected static byte[] bytes(int size) {
        return "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
    }
}
