package org.touchpoint.gateway.apikey;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.touchpoint.gateway.apikey.ApiKeyRequests.ApiKeyPageResponse;
import org.touchpoint.gateway.apikey.ApiKeyRequests.ApiKeyResponse;
import org.touchpoint.gateway.apikey.ApiKeyRequests.CreateApiKeyRequest;
import org.touchpoint.gateway.apikey.ApiKeyRequests.CreatedApiKeyResponse;
import org.touchpoint.gateway.apikey.ApiKeyRequests.RotateApiKeyRequest;
import org.touchpoint.gateway.apikey.ApiKeyRequests.RotatedApiKeyResponse;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemException;
import org.touchpoint.gateway.ratelimit.RateLimitProperties;
import reactor.core.publisher.Mono;

/** Creating, reading, rotating and revoking partner keys. */
@Component
class ApiKeyService {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);
    private static final int ID_RANDOM_LENGTH = 20;
    static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    static final Duration MAX_GRACE = Duration.ofDays(30);

    private final ApiKeyStore store;
    private final ApiKeyAuthenticator authenticator;
    private final Clock clock;
    /** Tiers a key may name; null: any (no rate limiting configured). */
    private final @Nullable Set<String> tiers;
    private final SecureRandom random = new SecureRandom();

    private final @Nullable KeyInvalidationBus bus;

    ApiKeyService(ApiKeyStore store, ApiKeyAuthenticator authenticator, Clock clock) {
        this(store, authenticator, clock, (Set<String>) null, null);
    }

    @Autowired
    ApiKeyService(ApiKeyStore store, ApiKeyAuthenticator authenticator, Clock clock, RateLimitProperties rateLimits,
                  KeyInvalidationBus bus) {
        this(store, authenticator, clock, rateLimits.tiers().keySet(), bus);
    }

    private ApiKeyService(ApiKeyStore store, ApiKeyAuthenticator authenticator, Clock clock,
                          @Nullable Set<String> tiers, @Nullable KeyInvalidationBus bus) {
        this.store = store;
        this.authenticator = authenticator;
        this.clock = clock;
        this.tiers = tiers;
        this.bus = bus;
    }

    /** Forgets the hashes here at once, and on the other replicas through the bus (when Redis is configured). */
    private void forget(List<String> hashes) {
        hashes.forEach(authenticator::invalidate);
        if (bus != null) {
            bus.publish(hashes);
        }
    }

    Mono<CreatedApiKeyResponse> create(CreateApiKeyRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> cidrs = request.allowedCidrs() == null ? List.of() : request.allowedCidrs();
        for (int i = 0; i < cidrs.size(); i++) {
            if (Cidr.tryParse(cidrs.get(i)).isEmpty()) {
                errors.add(new Problem.FieldError("allowedCidrs[" + i + "]",
                        "must be an IPv4 or IPv6 address or block, e.g. 203.0.113.0/24"));
            }
        }
        String tier = request.rateLimitTier() == null || request.rateLimitTier().isBlank()
                ? null : request.rateLimitTier().strip();
        if (tier != null && tiers != null && !tiers.contains(tier)) {
            errors.add(new Problem.FieldError("rateLimitTier", "must be one of " + tiers.stream().sorted().toList()));
        }
        if (!errors.isEmpty()) {
            return Mono.error(new ProblemException(Problem.badRequest("The request body is invalid.", errors)));
        }
        ApiKeySecret secret = ApiKeySecret.generate(random);
        // Millisecond precision: what MongoDB stores, so list cursors compare exactly.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String partner = request.partner() == null || request.partner().isBlank()
                ? request.name().strip() : request.partner().strip();
        ApiKey key = new ApiKey("key_" + ApiKeySecret.randomBase62(random, ID_RANDOM_LENGTH),
                request.name().strip(), partner, request.scopes().stream().distinct().toList(), secret.hash(),
                secret.hint(), now, request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MILLIS),
                null, null, cidrs.stream().map(String::strip).toList(), tier, List.of(), null);
        return store.insert(key)
                // This gateway may have cached the hash as unknown (made-up keys are cached negatively): forget it.
                .doOnNext(saved -> authenticator.invalidate(saved.hash()))
                .doOnNext(saved -> log.info("Created API key {} ({}) for partner '{}' with scopes {}", saved.id(),
                        saved.hint(), saved.partner(), saved.scopes()))
                .map(saved -> CreatedApiKeyResponse.of(saved, secret));
    }

    Mono<ApiKeyResponse> find(String id) {
        return store.findById(id).map(key -> ApiKeyResponse.of(key, clock.instant()));
    }

    Mono<ApiKeyPageResponse> list(@Nullable PageCursor after, int limit) {
        return store.page(after, limit).map(keys -> {
            Instant now = clock.instant();
            List<ApiKey> page = keys.size() > limit ? keys.subList(0, limit) : keys;
            String next = keys.size() > limit ? PageCursor.after(page.getLast()).encode() : null;
            return new ApiKeyPageResponse(page.stream().map(k -> ApiKeyResponse.of(k, now)).toList(), next);
        });
    }

    /**
     * Gives the key a new secret; the old one keeps working for the grace period. Empty if the id is unknown;
     * 409 if the key is revoked or expired, or was rotated concurrently; 400 for a grace period out of range.
     */
    Mono<RotatedApiKeyResponse> rotate(String id, @Nullable RotateApiKeyRequest request) {
        Duration grace = request == null || request.gracePeriod() == null ? DEFAULT_GRACE : request.gracePeriod();
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            return Mono.error(new ProblemException(Problem.badRequest("The request body is invalid.",
                    List.of(new Problem.FieldError("gracePeriod", "must be between PT0S and P30D")))));
        }
        return store.findById(id).flatMap(current -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (current.isRevoked() || current.isExpiredAt(now)) {
                return Mono.error(conflict("The API key " + id + " is " + current.status(now)
                        + " and cannot be rotated."));
            }
            ApiKeySecret secret = ApiKeySecret.generate(random);
            Instant oldValidUntil = now.plus(grace);
            ApiKey rotated = current.rotated(secret.hash(), secret.hint(), now, oldValidUntil);
            return store.replaceSecret(rotated, current.hash())
                    .switchIfEmpty(Mono.error(() -> conflict("The API key " + id
                            + " changed while it was being rotated. Read it again and retry.")))
                    .map(saved -> {
                        // This gateway forgets every answer it cached for the old and new secrets: the old one now
                        // carries its grace period, the new one may have been cached as unknown.
                        forget(List.of(current.hash(), saved.hash()));
                        log.info("Rotated API key {} ({} -> {}) of partner '{}'; the old secret works until {}",
                                saved.id(), current.hint(), saved.hint(), saved.partner(), oldValidUntil);
                        return new RotatedApiKeyResponse(saved.id(), secret.value(), saved.hint(), current.hint(),
                                oldValidUntil, now);
                    });
        });
    }

    /** Revokes the key (idempotent) and drops all its secrets from this gateway's cache; empty if the id is unknown. */
    Mono<ApiKey> revoke(String id) {
        return store.revoke(id, clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .doOnNext(key -> {
                    List<String> hashes = new ArrayList<>();
                    hashes.add(key.hash());
                    key.previousSecrets().forEach(previous -> hashes.add(previous.hash()));
                    forget(hashes);
                    log.info("Revoked API key {} ({}) of partner '{}'", key.id(), key.hint(), key.partner());
                });
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(HttpStatus.CONFLICT, "Conflict", detail));
    }
}
