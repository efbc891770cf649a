package org.touchpoint.gateway.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.touchpoint.gateway.GatewayProperties;
import reactor.core.publisher.Mono;

/**
 * Turns the presented {@code X-API-Key} into a stored, usable key. Malformed keys are rejected without a
 * database lookup; lookups (found or not) are cached for a few seconds so the hot path does not hit MongoDB
 * per request. Expiry and revocation are checked on every request against the cached document.
 */
@Component
class ApiKeyAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    enum Reason { MISSING, MALFORMED, UNKNOWN, REVOKED, EXPIRED }

    sealed interface Outcome permits Authenticated, Rejected, Unavailable {
    }

    record Authenticated(ApiKey key) implements Outcome {
    }

    record Rejected(Reason reason) implements Outcome {
    }

    /** The key store did not answer (MongoDB down or slow): neither accepted nor rejected. */
    record Unavailable() implements Outcome {
    }

    private final ApiKeyStore store;
    private final LastUsedRecorder lastUsed;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AsyncCache<String, Optional<ApiKey>> byHash;
    private final Duration lookupTimeout;

    ApiKeyAuthenticator(ApiKeyStore store, LastUsedRecorder lastUsed, Clock clock, MeterRegistry meters,
                        GatewayProperties properties) {
        this.store = store;
        this.lastUsed = lastUsed;
        this.clock = clock;
        this.meters = meters;
        this.lookupTimeout = properties.apiKeys().lookupTimeout();
        this.byHash = Caffeine.newBuilder()
                .expireAfterWrite(properties.apiKeys().cacheTtl())
                .maximumSize(properties.apiKeys().cacheMaxSize())
                .buildAsync();
    }

    Mono<Outcome> authenticate(@Nullable String presented) {
        if (presented == null || presented.isEmpty()) {
            return Mono.just(reject(Reason.MISSING));
        }
        Optional<ApiKeySecret> secret = ApiKeySecret.parse(presented.strip());
        if (secret.isEmpty()) {
            return Mono.just(reject(Reason.MALFORMED));
        }
        return lookup(secret.get().hash()).timeout(lookupTimeout).<Outcome>map(found -> {
            if (found.isEmpty()) {
                return reject(Reason.UNKNOWN);
            }
            ApiKey key = found.get();
            Instant now = clock.instant();
            if (key.isRevoked()) {
                return reject(Reason.REVOKED);
            }
            if (key.isExpiredAt(now)) {
                return reject(Reason.EXPIRED);
            }
            lastUsed.record(key.id(), now);
            return new Authenticated(key);
        }).onErrorResume(error -> {
            log.warn("API key lookup failed: {}", error.toString());
            meters.counter("gateway.apikey.lookup.failures").increment();
            return Mono.just(new Unavailable());
        });
    }

    /** Forgets a cached lookup, so a revocation through this gateway takes effect at once. */
    void invalidate(String hash) {
        byHash.synchronous().invalidate(hash);
    }

    private Mono<Optional<ApiKey>> lookup(String hash) {
        // suppressCancel: the lookup is shared by concurrent requests for the same key; one client going
        // away must not cancel it for the others.
        return Mono.fromFuture(() -> byHash.get(hash, (h, executor) -> store.findByHash(h)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .toFuture()), true);
    }

    private Rejected reject(Reason reason) {
        log.debug("API key rejected: {}", reason);
        meters.counter("gateway.apikey.rejections", "reason", reason.name().toLowerCase()).increment();
        return new Rejected(reason);
    }
}
