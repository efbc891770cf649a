package org.touchpoint.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.touchpoint.gateway.GatewayApplication;
import org.touchpoint.gateway.GatewayTestSupport;
import org.touchpoint.gateway.TestServers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Buckets in a real Redis ({@code redis-server} from Debian; skipped with a message where it is missing): shared
 * by two stores, and by two whole gateway instances in front of the same backend.
 */
@ExtendWith(TestServers.Extension.class)
class RedisRateLimitTest {

    private static final RateLimitProperties.Tier FIVE = new RateLimitProperties.Tier(5, 60, Duration.ofMinutes(1));

    /** One prefix per run, shared by the stores of a test: they must meet on the same keys. */
    private static final String PREFIX = "test:" + System.nanoTime() + ":";

    private static RedisServer redis;
    private static final List<LettuceConnectionFactory> factories = new ArrayList<>();

    private static ConfigurableApplicationContext one;
    private static ConfigurableApplicationContext two;
    private static ConnectionProvider connections;

    @BeforeAll
    static void startRedisAndTwoGateways() {
        redis = RedisServer.startOrSkip();
        one = gateway();
        two = gateway();
        connections = ConnectionProvider.newConnection();
    }

    @AfterAll
    static void stopAll() {
        if (connections != null) {
            connections.dispose();
        }
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {one, two}) {
            if (context != null) {
                context.close();
            }
        }
        factories.forEach(LettuceConnectionFactory::destroy);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void twoStoresOnOneRedisShareEachBucketAndKeepKeysApart() {
        RedisBucketStore first = store();
        RedisBucketStore second = store();

        for (int i = 0; i < 3; i++) {
            assertThat(first.take("key:shared", FIVE).block(Duration.ofSeconds(5)).allowed()).isTrue();
        }
        BucketStore.Decision fourth = second.take("key:shared", FIVE).block(Duration.ofSeconds(5));
        assertThat(fourth.allowed()).isTrue();
        assertThat(fourth.remaining()).as("the other store saw the first three").isEqualTo(1);
        assertThat(second.take("key:shared", FIVE).block(Duration.ofSeconds(5)).allowed()).isTrue();
        BucketStore.Decision refused = first.take("key:shared", FIVE).block(Duration.ofSeconds(5));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.secondsUntilNextToken(FIVE)).isEqualTo(1);

        assertThat(first.take("key:other", FIVE).block(Duration.ofSeconds(5)).remaining()).isEqualTo(4);
    }

    @Test
    void twoGatewayInstancesOnOneRedisShareTheBucketsOfEachKey() {
        WebTestClient a = client(one);
        WebTestClient b = client(two);
        String key = (String) createKey(a, "shared-bucket", "trial").get("key");

        int allowed = 0;
        for (int i = 0; i < 20; i++) {
            WebTestClient gateway = i % 2 == 0 ? a : b;
            int status = gateway.get().uri("/api/contacts").header("X-API-Key", key).exchange()
                    .expectBody().returnResult().getStatus().value();
            if (status == 200) {
                allowed++;
            }
        }
        assertThat(allowed).as("20 requests, split between the instances, fit the burst of 20").isEqualTo(20);
        // The burst is spent on both instances at once (a token or so may have come back meanwhile).
        int refusedOnA = 0;
        int refusedOnB = 0;
        for (int i = 0; i < 3; i++) {
            refusedOnA += a.get().uri("/api/contacts").header("X-API-Key", key).exchange()
                    .expectBody().returnResult().getStatus().value() == 429 ? 1 : 0;
            refusedOnB += b.get().uri("/api/contacts").header("X-API-Key", key).exchange()
                    .expectBody().returnResult().getStatus().value() == 429 ? 1 : 0;
        }
        assertThat(refusedOnA).isGreaterThanOrEqualTo(2);
        assertThat(refusedOnB).isGreaterThanOrEqualTo(2);
        b.get().uri("/api/contacts").header("X-API-Key", key).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectHeader().valueMatches("RateLimit", "\"trial\";r=0;t=\\d+");

        String other = (String) createKey(a, "other-bucket", "trial").get("key");
        b.get().uri("/api/contacts").header("X-API-Key", other).exchange().expectStatus().isOk();
    }

    /** Instance B has the key cached; a revocation through A reaches it through Redis, not after the cache TTL. */
    @Test
    void aKeyRevokedThroughOneInstanceIsRejectedByTheOtherAtOnce() {
        WebTestClient a = client(one);
        WebTestClient b = client(two);
        Map<String, Object> created = createKey(a, "revoked-everywhere", "standard");
        String key = (String) created.get("key");
        b.get().uri("/api/contacts").header("X-API-Key", key).exchange().expectStatus().isOk();

        a.delete().uri("/admin/api-keys/{id}", created.get("id")).header("X-API-Key", GatewayTestSupport.ADMIN_KEY)
                .exchange().expectStatus().isNoContent();

        // Well within instance B's 5-minute key cache: only the invalidation message can make it refuse.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> b.get().uri("/api/contacts").header("X-API-Key", key).exchange()
                        .expectStatus().isUnauthorized());
    }

    private static Map<String, Object> createKey(WebTestClient gateway, String name, String tier) {
        return gateway.post().uri("/admin/api-keys").header("X-API-Key", GatewayTestSupport.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "scopes", List.of("contacts:read"), "rateLimitTier", tier))
                .exchange().expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    private static ConfigurableApplicationContext gateway() {
        TestServers servers = TestServers.get();
        return new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=0",
                "--spring.mongodb.uri=" + servers.mongoUri(),
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redis.port(),
                // A long key cache: a revocation seen by the other instance can only have come through Redis.
                "--crm.gateway.api-keys.cache-ttl=5m",
                "--crm.gateway.admin-key=" + GatewayTestSupport.ADMIN_KEY,
                "--crm.gateway.internal-token.secret=" + GatewayTestSupport.SECRET,
                "--CUSTOMER_SERVICE_URI=" + servers.backend().uri());
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(connections)))
                .baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
    }

    private static RedisBucketStore store() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return new RedisBucketStore(new ReactiveStringRedisTemplate(factory), PREFIX);
    }
}
