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
            @Future @Nullable Instant expiresAt) {
    }

    /** The answer to a creation: the only place the secret {@code key} ever appears. */
    record CreatedApiKeyResponse(String id, String key, String hint, String name, String partner,
                                 List<String> scopes, Instant createdAt, @Nullable Instant expiresAt) {

        static CreatedApiKeyResponse of(ApiKey key, ApiKeySecret secret) {
            return new CreatedApiKeyResponse(key.id(), secret.value(), key.hint(), key.name(), key.partner(),
                    key.scopes(), key.createdAt(), key.expiresAt());
        }
    }

    /** A key as listed and read: no secret, no hash. */
    record ApiKeyResponse(String id, String hint, String name, String partner, List<String> scopes, String status,
                          Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt,
                          @Nullable Instant lastUsedAt) {

        static ApiKeyResponse of(ApiKey key, Instant now) {
            return new ApiKeyResponse(key.id(), key.hint(), key.name(), key.partner(), key.scopes(),
                    key.status(now), key.createdAt(), key.expiresAt(), key.revokedAt(), key.lastUsedAt());
        }
    }

    record ApiKeyPageResponse(List<ApiKeyResponse> items, @Nullable String nextCursor) {
    }
}
