package org.touchpoint.gateway.ratelimit;

import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemWriter;
import org.touchpoint.gateway.token.Caller;
import reactor.core.publisher.Mono;

/**
 * One token per routed request from the caller's bucket (per principal: a partner key or a user). Every answer
 * carries {@code RateLimit-Policy} and {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers: {@code q} quota,
 * {@code w} window in seconds, {@code r} remaining, {@code t} seconds until the quota is whole again); an empty
 * bucket answers 429 problem+json with {@code Retry-After} (seconds until the next token) and the request is not
 * forwarded. Runs after the scope check, so refused requests do not spend tokens.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 120;
    static final String POLICY = "RateLimit-Policy";
    static final String RATE_LIMIT = "RateLimit";

    private final BucketStore buckets;
    private final RateLimitProperties properties;
    private final ProblemWriter problems;
    private final MeterRegistry meters;
    private final Counter storeFailures;

    RateLimitFilter(BucketStore buckets, RateLimitProperties properties, ProblemWriter problems, MeterRegistry meters) {
        this.buckets = buckets;
        this.properties = properties;
        this.problems = problems;
        this.meters = meters;
        this.storeFailures = meters.counter("gateway.ratelimit.store.failures");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null || !properties.enabled()) {
            return chain.filter(exchange);
        }
        String tierName = properties.tiers().containsKey(caller.rateLimitTier())
                ? caller.rateLimitTier() : properties.defaultTier();
        RateLimitProperties.Tier tier = properties.tiers().get(tierName);
        String bucket = tierName + ":" + caller.principal().subject();
        Mono<BucketStore.Decision> decision = buckets.take(bucket, tier);
        if (buckets instanceof RedisBucketStore) {
            decision = decision.timeout(properties.redisTimeout());
        }
        return decision
                .map(java.util.Optional::of)
                .onErrorResume(error -> {
                    storeFailures.increment();
                    if (error instanceof TimeoutException) {
                        log.warn("Rate-limit store slower than {}: request let through", properties.redisTimeout());
                    }
                    else {
                        log.warn("Rate-limit store failed, request let through: {}", error.toString());
                    }
                    return Mono.just(java.util.Optional.empty());
                })
                .flatMap(answer -> {
                    if (answer.isEmpty()) {
                        return chain.filter(exchange);
                    }
                    BucketStore.Decision taken = answer.get();
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    String policy = "\"" + tierName + "\"";
                    headers.set(POLICY, policy + ";q=" + tier.capacity() + ";w=" + tier.windowSeconds());
                    headers.set(RATE_LIMIT, policy + ";r=" + taken.remaining() + ";t=" + taken.secondsUntilFull(tier));
                    if (taken.allowed()) {
                        return chain.filter(exchange);
                    }
                    meters.counter("gateway.ratelimit.rejections", "tier", tierName).increment();
                    long retryAfter = taken.secondsUntilNextToken(tier);
                    return problems.write(exchange, Problem.of(HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                                    "The rate limit of tier " + tierName + " (" + tier.capacity() + " requests, "
                                            + tier.refill() + " more per " + tier.period() + ") is exhausted. Retry in "
                                            + retryAfter + " s.")
                            .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter)));
                });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
