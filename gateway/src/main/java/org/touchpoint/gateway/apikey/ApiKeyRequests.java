package org.touchpoint.gateway.apikey;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of the admin API; documents never leave the gateway, these records do. */
final class ApiKeyRequests {

    static final String SCOPE_PATTERN = "^([a-z]+:(read|write)|admin)$";

    private ApiKeyRequests() {
    }

    /** {@code POST /admin/api-keys}. {@code partner} defaults to {@code name}. */
    record CreateApiKeyRequest(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 100) @Nullable String partner,
            @NotEmpty @Size(max = 50)
            List<@NotNull @Pattern(regexp = SCOPE_PATTERN,
                    message = "must be <resource>:read, <resource>:write or admin") String> scopes,
            @Future @Nullable Instant expiresAt,
            @Size(max = 20) @Nullable List<@NotNull @Size(max = 50) String> allowedCidrs,
            @Size(max = 50) @Nullable String rateLimitTier) {

        CreateApiKeyRequest(String name, @Nullable String partner, List<String> scopes, @Nullable Instant expiresAt) {
            this(name, partner, scopes, expiresAt, null, null);
        }
    }

    /**
     * {@code POST /admin/api-keys/{id}/rotate}: a new secret for the same key (same id, scopes, usage); the old
     * secret keeps working for {@code gracePeriod} (ISO-8601 duration, e.g. {@code PT24H}; default 24 hours,
     * {@code PT0S} ends it at once, at most 30 days).
     */
    record RotateApiKeyRequest(java.time.@Nullable Duration gracePeriod) {
    }

    /** The answer to a rotation: the new secret, shown this once, and until when the old one still works. */
    record RotatedApiKeyResponse(String id, String key, String hint, @Nullable String previousHint,
                                 Instant previousKeyValidUntil, Instant rotatedAt) {
    }

    /** The answer to a creation: the only place the secret {@code key} ever appears. */
    record CreatedApiKeyResponse(String id, String key, String hint, String name, String partner,
                                 List<String> scopes, Instant createdAt, @Nullable Instant expiresAt,
                                 List<String> allowedCidrs, @Nullable String rateLimitTier) {

        static CreatedApiKeyResponse of(ApiKey key, ApiKeySecret secret) {
            return new CreatedApiKeyResponse(key.id(), secret.value(), key.hint(), key.name(), key.partner(),
                    key.scopes(), key.createdAt(), key.expiresAt(), key.allowedCidrs(), key.rateLimitTier());
        }
    }

    /** A key as listed and read: no secret, no hash. */
    record ApiKeyResponse(String id, String hint, String name, String partner, List<String> scopes, String status,
                          Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt,
                          @Nullable Instant lastUsedAt, List<String> allowedCidrs, @Nullable String rateLimitTier,
                          @Nullable Instant rotatedAt, List<PreviousSecretResponse> previousSecrets) {

        static ApiKeyResponse of(ApiKey key, Instant now) {
            return new ApiKeyResponse(key.id(), key.hint(), key.name(), key.partner(), key.scopes(),
                    key.status(now), key.createdAt(), key.expiresAt(), key.revokedAt(), key.lastUsedAt(),
                    key.allowedCidrs(), key.rateLimitTier(), key.rotatedAt(),
                    key.previousSecrets().stream().filter(p -> now.isBefore(p.validUntil()))
                            .map(p -> new PreviousSecretResponse(p.hint(), p.validUntil())).toList());
        }
    }

    /** A replaced secret still in its grace period: its hint and until when it works. */
    record PreviousSecretResponse(String hint, Instant validUntil) {
    }

    record ApiKeyPageResponse(List<ApiKeyResponse> items, @Nullable String nextCursor) {
    }
}
