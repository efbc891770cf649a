package org.touchpoint.gateway.apikey;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.touchpoint.gateway.apikey.ApiKeyRequests.ApiKeyPageResponse;
import org.touchpoint.gateway.apikey.ApiKeyRequests.ApiKeyResponse;
import org.touchpoint.gateway.apikey.ApiKeyRequests.CreateApiKeyRequest;
import org.touchpoint.gateway.apikey.ApiKeyRequests.CreatedApiKeyResponse;
import reactor.core.publisher.Mono;

/** Creating, reading and revoking partner keys. */
@Component
class ApiKeyService {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);
    private static final int ID_RANDOM_LENGTH = 20;

    private final ApiKeyStore store;
    private final ApiKeyAuthenticator authenticator;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeyService(ApiKeyStore store, ApiKeyAuthenticator authenticator, Clock clock) {
        this.store = store;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    Mono<CreatedApiKeyResponse> create(CreateApiKeyRequest request) {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        // Millisecond precision: what MongoDB stores, so list cursors compare exactly.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String partner = request.partner() == null || request.partner().isBlank()
                ? request.name().strip() : request.partner().strip();
        ApiKey key = new ApiKey("key_" + ApiKeySecret.randomBase62(random, ID_RANDOM_LENGTH),
                request.name().strip(), partner, request.scopes().stream().distinct().toList(), secret.hash(),
                secret.hint(), now, request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MILLIS),
                null, null);
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

    /** Revokes the key (idempotent) and drops it from this gateway's cache; empty if the id is unknown. */
    Mono<ApiKey> revoke(String id) {
        return store.revoke(id, clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .doOnNext(key -> {
                    authenticator.invalidate(key.hash());
                    log.info("Revoked API key {} ({}) of partner '{}'", key.id(), key.hint(), key.partner());
                });
    }
}
