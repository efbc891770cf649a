package org.touchpoint.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.touchpoint.gateway.problem.ProblemWriter;
import org.touchpoint.gateway.token.Caller;
import org.touchpoint.gateway.token.Principal;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** A rate limiter must not take the platform down with it: a failing or silent store lets requests through. */
class RateLimitFilterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RateLimitProperties properties = new RateLimitProperties(true, "standard", "standard",
            Map.of("standard", new RateLimitProperties.Tier(5, 5, Duration.ofMinutes(1))), Duration.ofMillis(100),
            "test:");

    @Test
    void aFailingStoreLetsTheRequestThroughAndCountsTheFailure() {
        AtomicInteger forwarded = new AtomicInteger();
        GatewayFilterChain chain = exchange -> {
            forwarded.incrementAndGet();
            return Mono.empty();
        };
        BucketStore failing = (key, tier) -> Mono.error(new IllegalStateException("redis down"));
        RateLimitFilter filter = new RateLimitFilter(failing, properties, mock(ProblemWriter.class), meters);

        filter.filter(exchange(), chain).block(Duration.ofSeconds(5));

        assertThat(forwarded).hasValue(1);
        assertThat(meters.get("gateway.ratelimit.store.failures").counter().count()).isEqualTo(1);
    }

    @Test
    void aCallerWithAnUnknownTierGetsTheDefaultTier() {
        RateLimitFilter filter = new RateLimitFilter(new InMemoryBucketStore(), properties, mock(ProblemWriter.class),
                meters);
        MockServerWebExchange exchange = exchange();

        filter.filter(exchange, e -> Mono.empty()).block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getHeaders().getFirst("RateLimit-Policy")).isEqualTo("\"standard\";q=5;w=60");
    }

    private static MockServerWebExchange exchange() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/contacts"));
        exchange.getAttributes().put(Caller.ATTRIBUTE, new Caller(Principal.partnerKey("key_1", "p",
                List.of("contacts:read")), "key_1", "gone"));
        return exchange;
    }
}
