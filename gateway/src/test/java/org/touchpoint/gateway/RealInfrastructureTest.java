package org.touchpoint.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway on the images production runs: a real MongoDB replica set (API keys, usage counts) and a real Redis
 * (rate-limit buckets, key invalidations), in front of a {@link StubBackend}. Skipped where no Docker engine runs;
 * the same behaviour is covered on mongo-java-server and Debian's {@code redis-server} by {@code ApiKeyAdminApiTest},
 * {@code KeyLifecycleTest}, {@code UsageTest} and {@code RedisRateLimitTest}. Its properties differ from
 * {@link GatewayTestSupport}'s, so it has a Spring context of its own.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "crm.gateway.admin-key=" + GatewayTestSupport.ADMIN_KEY,
        "crm.gateway.internal-token.secret=" + GatewayTestSupport.SECRET,
        // Usage counts reach MongoDB quickly, so the usage test waits little; production default 10s.
        "crm.gateway.usage.flush-interval=200ms",
        // A tier that cannot refill during a test: 3 requests, then 429 for the rest of the hour.
        "crm.gateway.rate-limits.tiers.tiny.capacity=3",
        "crm.gateway.rate-limits.tiers.tiny.refill=1",
        "crm.gateway.rate-limits.tiers.tiny.period=1h",
        // As docker-compose.yml runs the gateway (CRM_GATEWAY_REDIS_HEALTH=true).
        "management.health.redis.enabled=true"})
class RealInfrastructureTest {

    /**
     * The MongoDB image of every service's Testcontainers test: {@code RealInfrastructure.MONGO_IMAGE} in
     * crm-service-kit's test-jar, which the gateway does not depend on (it has no kit). Keep the two equal.
     */
    static final String MONGO_IMAGE = "mongo:8.0";
    /** The image docker-compose.yml runs. */
    static final String REDIS_IMAGE = "redis:7.4-alpine";

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    /** A replica set of one (MongoDBContainer initiates it), as production runs. */
    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer(MONGO_IMAGE);

    /** Started as docker-compose.yml starts it: no persistence, bounded memory, only keys with a TTL evicted. */
    @Container
    static final GenericContainer<?> REDIS = new GenericContainer<>(REDIS_IMAGE)
            .withExposedPorts(6379)
            .withCommand("redis-server", "--save", "", "--appendonly", "no", "--maxmemory", "96mb",
                    "--maxmemory-policy", "volatile-lru")
            .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    private WebTestClient http;

    @DynamicPropertySource
    static void realInfrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", MONGO::getReplicaSetUrl);
        registry.add("spring.data.redis.host", REDIS::getHost);
        registry.add("spring.data.redis.port", () -> REDIS.getMappedPort(6379));
        for (String service : List.of("CUSTOMER", "SALES", "MARKETING", "SUPPORT", "ANALYTICS")) {
            registry.add(service + "_SERVICE_URI", () -> Backend.STUB.uri());
        }
    }

    @BeforeEach
    void freshClientAndBackend() {
        // A connection per request, as in GatewayTestSupport: nothing a test leaves half-read stalls the next one.
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
        Backend.STUB.reset();
    }

    @AfterAll
    static void stopBackend() {
        Backend.STUB.close();
    }

    @Test
    void readinessAndHealthAreUpOnTheRealMongoDbAndRedis() {
        http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.mongo.status").isEqualTo("UP");
        // Redis health is on (as in docker-compose.yml): the overall status is UP only if Redis answers too.
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void aRoutedCallSpendsATokenOfABucketInRedisAndAnEmptyBucketIs429() {
        Map<String, Object> created = createKey(Map.of("name", "tiny-partner", "scopes", List.of("contacts:read"),
                "rateLimitTier", "tiny"));
        String key = (String) created.get("key");
        String bucket = "crm:gateway:bucket:tiny:key:" + created.get("id");

        for (int remaining = 2; remaining >= 0; remaining--) {
            http.get().uri("/api/contacts").header(GatewayTestSupport.API_KEY, key).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("RateLimit-Policy", "\"tiny\";q=3;w=10800")
                    .expectHeader().valueMatches("RateLimit", "\"tiny\";r=" + remaining + ";t=\\d+")
                    .expectBody().jsonPath("$.path").isEqualTo("/api/contacts");
        }
        assertThat(Backend.STUB.received()).hasSize(3);
        // The bucket the headers came from is the hash in Redis (the limiter lets requests through without
        // headers when Redis fails, so the headers alone would not say Redis answered).
        String tokens = (String) redis.opsForHash().get(bucket, "tokens").block(Duration.ofSeconds(5));
        assertThat(tokens).as("tokens left in Redis hash %s", bucket).isNotNull();
        assertThat(Double.parseDouble(tokens)).isLessThan(1);

        EntityExchangeResult<byte[]> refused = http.get().uri("/api/contacts").header(GatewayTestSupport.API_KEY, key)
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueMatches("RateLimit", "\"tiny\";r=0;t=\\d+")
                .expectBody().returnResult();
        long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).as("one token per hour: the next one is about an hour away").isBetween(3000L, 3600L);
        assertThat(Backend.STUB.received()).as("a refused request is not forwarded").hasSize(3);

        // Emptying the bucket in Redis gives the key its burst back: the decision is Redis's state, nothing local.
        assertThat(redis.delete(bucket).block(Duration.ofSeconds(5))).isEqualTo(1L);
        http.get().uri("/api/contacts").header(GatewayTestSupport.API_KEY, key).exchange()
                .expectStatus().isOk()
                .expectHeader().valueMatches("RateLimit", "\"tiny\";r=2;t=\\d+");
    }

    @Test
    void aKeyStoredInMongoDbWorksUntilItIsRevoked() {
        Map<String, Object> created = createKey(Map.of("name", "revoked-partner", "partner", "Revoked Ltd",
                "scopes", List.of("contacts:read")));
        String key = (String) created.get("key");
        http.get().uri("/admin/api-keys/{id}", created.get("id")).header(GatewayTestSupport.API_KEY,
                        GatewayTestSupport.ADMIN_KEY).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.partner").isEqualTo("Revoked Ltd");
        http.get().uri("/api/contacts/con_1").header(GatewayTestSupport.API_KEY, key).exchange()
                .expectStatus().isOk();
        StubBackend.Received forwarded = Backend.STUB.lastReceived();
        assertThat(forwarded.path()).isEqualTo("/api/contacts/con_1");
        assertThat(forwarded.headers().getFirst(GatewayTestSupport.API_KEY)).as("the key never reaches a service").isNull();
        assertThat(forwarded.headers().getFirst(HttpHeaders.AUTHORIZATION)).as("the internal token").startsWith("Bearer ");

        http.delete().uri("/admin/api-keys/{id}", created.get("id"))
                .header(GatewayTestSupport.API_KEY, GatewayTestSupport.ADMIN_KEY).exchange()
                .expectStatus().isNoContent();

        http.get().uri("/api/contacts/con_1").header(GatewayTestSupport.API_KEY, key).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Backend.STUB.received()).as("the revoked key's call is not forwarded").hasSize(1);
    }

    @Test
    void usagePerKeyIsFlushedToMongoDbAndReadThroughTheAdminApi() {
        Map<String, Object> created = createKey(Map.of("name", "metered-partner", "scopes", List.of("contacts:read")));
        String id = (String) created.get("id");
        String key = (String) created.get("key");
        Instant from = Instant.now().minusSeconds(60);
        for (int i = 0; i < 4; i++) {
            http.get().uri("/api/contacts/con_" + i).header(GatewayTestSupport.API_KEY, key).exchange()
                    .expectStatus().isOk();
        }
        http.post().uri("/api/contacts").header(GatewayTestSupport.API_KEY, key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isForbidden();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<String, Object> usage = http.get()
                    .uri("/admin/api-keys/{id}/usage?from={from}&to={to}", id, from, Instant.now().plusSeconds(60))
                    .header(GatewayTestSupport.API_KEY, GatewayTestSupport.ADMIN_KEY).exchange()
                    .expectStatus().isOk()
                    .expectBody(JSON).returnResult().getResponseBody();
            assertThat(usage).containsEntry("keyId", id).containsEntry("total", 5);
            assertThat(usage.get("byRoute")).isEqualTo(Map.of("customer-service", 5));
            assertThat(usage.get("byStatus")).isEqualTo(Map.of("200", 4, "403", 1));
        });
    }

    private Map<String, Object> createKey(Map<String, Object> body) {
        return http.post().uri("/admin/api-keys")
                .header(GatewayTestSupport.API_KEY, GatewayTestSupport.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JSON)
                .returnResult().getResponseBody();
    }

    /** The stub backend, started on first use (only once the class runs, never where Docker is missing). */
    private static final class Backend {
        static final StubBackend STUB = StubBackend.start();
    }
}
