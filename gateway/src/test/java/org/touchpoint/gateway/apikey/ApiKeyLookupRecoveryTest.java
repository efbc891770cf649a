package org.touchpoint.gateway.apikey;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.touchpoint.gateway.GatewayProperties;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemWriter;
import org.touchpoint.gateway.token.InternalTokenIssuer;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A replica whose MongoDB hung must answer 503 while it hangs and serve the key again as soon as MongoDB
 * answers, without a restart: the partner-facing filter in front of an authenticator whose store first never
 * answers, then does.
 */
class ApiKeyLookupRecoveryTest {

    private final ApiKeyStore store = mock(ApiKeyStore.class);
    private final ProblemWriter problems = mock(ProblemWriter.class);
    private final InternalTokenIssuer tokens = mock(InternalTokenIssuer.class);
    private final List<Problem> written = new ArrayList<>();
    private final List<ServerWebExchange> forwarded = new ArrayList<>();
    private final ApiKeySecret secret = ApiKeySecret.generate(new SecureRandom());

    @Test
    void hungStoreGives503ThenTheSameKeyIsForwardedOnceTheStoreAnswersAgain() {
        GatewayProperties properties = properties();
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(store, mock(LastUsedRecorder.class),
                Clock.systemUTC(), new SimpleMeterRegistry(), properties);
        ApiKeyAuthenticationFilter filter = new ApiKeyAuthenticationFilter(authenticator, tokens, problems,
                properties, mock(org.touchpoint.gateway.user.UserTokenAuthenticator.class),
                mock(org.touchpoint.gateway.usage.UsageRecorder.class),
                new org.touchpoint.gateway.ratelimit.RateLimitProperties(true, "standard", "standard",
                        java.util.Map.of("standard", new org.touchpoint.gateway.ratelimit.RateLimitProperties.Tier(
                                10, 10, Duration.ofMinutes(1))), Duration.ofMillis(250), "test:"));
        when(problems.write(any(), any())).thenAnswer(call -> {
            written.add(call.getArgument(1));
            return Mono.empty();
        });
        when(tokens.tokenFor(any())).thenReturn("internal-token");
        GatewayFilterChain chain = exchange -> {
            forwarded.add(exchange);
            return Mono.empty();
        };
        when(store.findByHash(secret.hash())).thenReturn(Mono.never(), Mono.just(new ApiKey("key_1", "n", "p",
                List.of("contacts:read"), secret.hash(), secret.hint(), Instant.now(), null, null, null)));

        filter.filter(request(), chain).block(Duration.ofSeconds(5));
        assertThat(written).singleElement().satisfies(problem -> {
            assertThat(problem.status().value()).isEqualTo(503);
            assertThat(problem.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        });
        assertThat(forwarded).isEmpty();

        filter.filter(request(), chain).block(Duration.ofSeconds(5));
        assertThat(written).hasSize(1);
        assertThat(forwarded).singleElement().satisfies(exchange ->
                assertThat(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
                        .isEqualTo("Bearer internal-token"));
    }

    private MockServerWebExchange request() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/contacts")
                .header(ApiKeyAuthenticationFilter.API_KEY_HEADER, secret.value()));
    }

    private static GatewayProperties properties() {
        return new GatewayProperties(null,
                new GatewayProperties.InternalToken("0123456789abcdef0123456789abcdef", Duration.ofMinutes(2)),
                DataSize.ofMegabytes(1),
                new GatewayProperties.ApiKeys(Duration.ofSeconds(5), 100, Duration.ofMinutes(1),
                        Duration.ofMillis(200), Duration.ofSeconds(30), 1_000),
                List.of());
    }
}
