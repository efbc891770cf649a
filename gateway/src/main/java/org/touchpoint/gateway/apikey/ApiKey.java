package org.touchpoint.gateway.apikey;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Scopes;

/**
 * A partner API key as stored in {@code crm_gateway.api_keys}: never the secret, only its SHA-256 hash and
 * a display hint.
 */
@Document(ApiKey.COLLECTION)
record ApiKey(
        @Id String id,
        String name,
        String partner,
        List<String> scopes,
        @Indexed(unique = true) String hash,
        String hint,
        Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable Instant revokedAt,
        @Nullable Instant lastUsedAt) {

    static final String COLLECTION = "api_keys";

    ApiKey {
        scopes = List.copyOf(scopes);
    }

    boolean isRevoked() {
        return revokedAt != null;
    }

    boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    boolean isAdmin() {
        return scopes.contains(Scopes.ADMIN);
    }

    String status(Instant now) {
        if (isRevoked()) {
            return "revoked";
        }
        return isExpiredAt(now) ? "expired" : "active";
    }
}
