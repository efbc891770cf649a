package org.touchpoint.gateway.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
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
 * database lookup. Found keys are cached for a few seconds ({@code crm.gateway.api-keys.cache-ttl}) so the hot
 * path does not hit MongoDB per request; well-formed keys that are not stored are remembered apart, in a
 * bounded cache of their own ({@code negative-cache-ttl}), so a flood of made-up keys (the checksum is public)
 * neither hits MongoDB per request nor evicts real keys. A lookup that fails or exceeds
 * {@code lookup-timeout} answers {@link Unavailable} and is not cached: the next request asks MongoDB again.
 * Expiry and revocation are checked on every request against the cached document.
 */
@Component
class ApiKeyAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    static final String NEGATIVE_CACHE_HITS = "gateway.apikey.cache.negative.hits";

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
    /** Found keys by hash; also shares one in-flight lookup between concurrent requests for the same key. */
    private final AsyncCache<String, ApiKey> byHash;
    /** Hashes MongoDB said it does not know. */
    private final Cache<String, Boolean> unknownHashes;
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
        this.unknownHashes = Caffeine.newBuilder()
                .expireAfterWrite(properties.apiKeys().negativeCacheTtl())
                .maximumSize(properties.apiKeys().negativeCacheMaxSize())
                .build();
    }

    Mono<Outcome> authenticate(@Nullable String presented) {
        if (presented == null || presented.isEmpty()) {
            return Mono.just(reject(Reason.MISSING));
        }
        Optional<ApiKeySecret> secret = ApiKeySecret.parse(presented.strip());
        if (secret.isEmpty()) {
            return Mono.just(reject(Reason.MALFORMED));
        }
        String hash = secret.get().hash();
        if (unknownHashes.getIfPresent(hash) != null) {
            meters.counter(NEGATIVE_CACHE_HITS).increment();
            return Mono.just(reject(Reason.UNKNOWN));
        }
        return lookup(hash).map(Optional::of).defaultIfEmpty(Optional.empty()).<Outcome>map(found -> {
            if (found.isEmpty()) {
                return reject(Reason.UNKNOWN);
            }
            ApiKey key = found.get();
            Instant now = clock.instant();
            if (key.isRevoked()) {
                return reject(Reason.REVOKED);
            }
            if (key.isExpiredAt(now) || !key.acceptsHashAt(hash, now)) {
                // Past its expiry, or a secret replaced by a rotation whose grace period is over.
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

    /**
     * Forgets what this gateway remembers about the hash, found or not: a revocation through this gateway
     * takes effect at once, and a key created through it is never shadowed by an earlier "unknown".
     */
    void invalidate(String hash) {
        byHash.synchronous().invalidate(hash);
        unknownHashes.invalidate(hash);
    }

    /** The stored key, or empty if there is none; fails if MongoDB fails or is slower than the lookup timeout. */
    private Mono<ApiKey> lookup(String hash) {
        // suppressCancel: the lookup is shared by concurrent requests for the same key; one client going
        // away must not cancel it for the others.
        return Mono.fromFuture(() -> {
            CompletableFuture<ApiKey> cached = byHash.get(hash, (h, executor) -> load(h));
            // Caffeine drops a future that fails or completes empty by itself, but possibly only after the
            // waiting requests have seen the failure. The requests wait on this dependent future instead, which
            // completes only once a failed or empty lookup has left the cache: a request that follows a 503 always
            // asks MongoDB again. (Attached outside the loader on purpose: a lookup that completes at once must
            // not modify the cache from inside its own computation.)
            return cached.whenComplete((found, error) -> {
                if (error != null || found == null) {
                    byHash.asMap().remove(hash, cached);
                }
            });
        }, true);
    }

    /**
     * The timeout is part of the cached lookup itself, so the cached future always completes, at the latest
     * after the lookup timeout: a hung MongoDB cannot leave a future that never completes in the cache (which
     * Caffeine would keep, and every later request for that key would wait on, for good).
     */
    private CompletableFuture<ApiKey> load(String hash) {
        return store.findByHash(hash)
                .timeout(lookupTimeout)
                .doOnSuccess(found -> {
                    if (found == null) {
                        unknownHashes.put(hash, Boolean.TRUE);
                    }
                })
                .toFuture();
    }

    private Rejected reject(Reason reason) {
        log.debug("API key rejected: {}", reason);
        meters.counter("gateway.apikey.rejections", "reason", reason.name().toLowerCase()).increment();
        return new Rejected(reason);
    }
}
