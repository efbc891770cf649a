package org.touchpoint.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.touchpoint.events.InternalTokenContract;

/**
 * Settings of the gateway, prefix {@code crm.gateway}. Invalid values stop the gateway at startup with a
 * message naming the property and its environment variable.
 *
 * @param adminKey                bootstrap key for the admin API ({@code CRM_GATEWAY_ADMIN_KEY}), at least
 *                                {@value #MIN_ADMIN_KEY_LENGTH} characters; blank: only stored keys holding the
 *                                {@code admin} scope may use the admin API
 * @param internalToken           the token forwarded to the services
 * @param maxBodySize             largest request body accepted (413 beyond)
 * @param apiKeys                 API key lookup tuning
 * @param strippedRequestHeaders  identity headers a client could spoof; removed before forwarding
 */
@ConfigurationProperties("crm.gateway")
public record GatewayProperties(
        @Nullable String adminKey,
        @DefaultValue InternalToken internalToken,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue ApiKeys apiKeys,
        @DefaultValue({"X-Forwarded-User", "X-Forwarded-Email", "X-Forwarded-Preferred-Username",
                "X-Auth-Request-User", "X-Auth-Request-Email", "X-User-Id", "X-Principal", "X-Internal-Token"})
        List<String> strippedRequestHeaders) {

    /** Shortest bootstrap admin key accepted: it guards key creation, so it must not be guessable. */
    public static final int MIN_ADMIN_KEY_LENGTH = 32;

    public GatewayProperties {
        if (adminKey != null && !adminKey.isBlank()
                && adminKey.codePointCount(0, adminKey.length()) < MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalArgumentException("crm.gateway.admin-key (environment variable CRM_GATEWAY_ADMIN_KEY) "
                    + "must be at least " + MIN_ADMIN_KEY_LENGTH + " characters, got "
                    + adminKey.codePointCount(0, adminKey.length()) + ". Leave it blank to disable the bootstrap "
                    + "admin key, or set a random one, e.g. the output of: openssl rand -base64 32");
        }
        if (maxBodySize.toBytes() <= 0) {
            throw new IllegalArgumentException("crm.gateway.max-body-size must be positive, got " + maxBodySize);
        }
    }

    /** The bootstrap admin key, or null when none is configured (blank counts as none). */
    public @Nullable String bootstrapAdminKey() {
        return adminKey == null || adminKey.isBlank() ? null : adminKey;
    }

    /**
     * @param secret HS256 secret shared with the services ({@code CRM_INTERNAL_TOKEN_SECRET}); its UTF-8 bytes
     *               are the key, at least {@value InternalTokenContract#MIN_SECRET_BYTES}
     * @param ttl    lifetime of a token; at most {@link InternalTokenContract#MAX_TTL}
     */
    public record InternalToken(@Nullable String secret, @DefaultValue("2m") Duration ttl) {

        static final Duration MIN_TTL = Duration.ofSeconds(30);

        public InternalToken {
            int length = secret == null ? 0 : secret.getBytes(StandardCharsets.UTF_8).length;
            if (length < InternalTokenContract.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("crm.gateway.internal-token.secret (environment variable "
                        + "CRM_INTERNAL_TOKEN_SECRET) must be at least " + InternalTokenContract.MIN_SECRET_BYTES
                        + " bytes, got " + length + ". Set the same secret on the gateway and on every service, "
                        + "e.g. the output of: openssl rand -base64 48");
            }
            if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(InternalTokenContract.MAX_TTL) > 0) {
                throw new IllegalArgumentException("crm.gateway.internal-token.ttl must be between " + MIN_TTL
                        + " and " + InternalTokenContract.MAX_TTL + ", got " + ttl);
            }
        }

        public byte[] secretBytes() {
            return secret.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "InternalToken[secret=<redacted>, ttl=" + ttl + "]";
        }
    }

    /**
     * @param cacheTtl              how long a found key is reused without asking MongoDB; revocation through
     *                              another gateway replica takes effect after at most this long
     * @param cacheMaxSize          most found keys held in that cache
     * @param lastUsedInterval      {@code lastUsedAt} is written at most once per this interval per key
     * @param lookupTimeout         longest wait for MongoDB on a key lookup; beyond it the request gets 503 and
     *                              nothing is cached, so the next request asks MongoDB again
     * @param negativeCacheTtl      how long a well-formed key that is NOT stored is answered 401 without asking
     *                              MongoDB again (kept apart from found keys, so a flood of made-up keys can
     *                              neither reach MongoDB per request nor evict real keys)
     * @param negativeCacheMaxSize  most unknown keys held in that cache
     */
    public record ApiKeys(@DefaultValue("5s") Duration cacheTtl,
                          @DefaultValue("10000") long cacheMaxSize,
                          @DefaultValue("1m") Duration lastUsedInterval,
                          @DefaultValue("3s") Duration lookupTimeout,
                          @DefaultValue("30s") Duration negativeCacheTtl,
                          @DefaultValue("50000") long negativeCacheMaxSize) {
    }

    @Override
    public String toString() {
        return "GatewayProperties[adminKey=" + (bootstrapAdminKey() == null ? "<none>" : "<redacted>")
                + ", internalToken=" + internalToken + ", maxBodySize=" + maxBodySize + ", apiKeys=" + apiKeys
                + ", strippedRequestHeaders=" + strippedRequestHeaders + "]";
    }
}
