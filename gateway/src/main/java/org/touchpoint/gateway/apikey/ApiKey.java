package org.touchpoint.gateway.apikey;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Scopes;

/**
 * A partner API key as stored in {@code crm_gateway.api_keys}: never the secret, only its SHA-256 hash and
 * a display hint. After a rotation the replaced secrets stay in {@code previousSecrets} until their grace period
 * ends.
 *
 * @param allowedCidrs    addresses the key may be used from (empty: anywhere)
 * @param rateLimitTier   the rate-limit tier (null: the default tier)
 * @param previousSecrets secrets replaced by a rotation that keep working until {@code validUntil}
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
        @Nullable Instant lastUsedAt,
        List<String> allowedCidrs,
        @Nullable String rateLimitTier,
        List<PreviousSecret> previousSecrets,
        @Nullable Instant rotatedAt) {

    static final String COLLECTION = "api_keys";

    @PersistenceCreator
    ApiKey {
        scopes = List.copyOf(scopes);
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
        previousSecrets = previousSecrets == null ? List.of() : List.copyOf(previousSecrets);
    }

    ApiKey(String id, String name, String partner, List<String> scopes, String hash, String hint, Instant createdAt,
           @Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt) {
        this(id, name, partner, scopes, hash, hint, createdAt, expiresAt, revokedAt, lastUsedAt, List.of(), null,
                List.of(), null);
    }

    /** A secret replaced by a rotation: accepted until {@code validUntil}. */
    record PreviousSecret(String hash, String hint, Instant validUntil) {
    }

    boolean isRevoked() {
        return revokedAt != null;
    }

    boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Whether the presented secret's hash is the current one, or a previous one still in its grace period. */
    boolean acceptsHashAt(String presentedHash, Instant now) {
        if (hash.equals(presentedHash)) {
            return true;
        }
        for (PreviousSecret previous : previousSecrets) {
            if (previous.hash().equals(presentedHash)) {
                return now.isBefore(previous.validUntil());
            }
        }
        return false;
    }

    boolean allowsAddress(@Nullable InetAddress address) {
        if (allowedCidrs.isEmpty()) {
            return true;
        }
        if (address == null) {
            return false;
        }
        for (String cidr : allowedCidrs) {
            if (Cidr.parse(cidr).contains(address)) {
                return true;
            }
        }
        return false;
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

    ApiKey rotated(String newHash, String newHint, Instant now, Instant oldValidUntil) {
        List<PreviousSecret> kept = new java.util.ArrayList<>(previousSecrets.stream()
                .filter(p -> now.isBefore(p.validUntil())).toList());
        if (now.isBefore(oldValidUntil)) {
            kept.add(new PreviousSecret(hash, hint, oldValidUntil));
        }
        return new ApiKey(id, name, partner, scopes, newHash, newHint, createdAt, expiresAt, revokedAt, lastUsedAt,
                allowedCidrs, rateLimitTier, kept, now);
    }
}
