package org.touchpoint.events;

import java.time.Duration;

/**
 * The HTTP contract between the gateway and the services: the short-lived internal token the gateway
 * forwards in {@code Authorization: Bearer <jwt>}. An HS256 JWT signed with a secret shared by gateway
 * and services ({@code CRM_INTERNAL_TOKEN_SECRET}, at least 32 bytes). Services accept nothing else.
 */
public final class InternalTokenContract {

    public static final String HEADER = "Authorization";
    public static final String BEARER_PREFIX = "Bearer ";
    public static final String ISSUER = "touchpoint-gateway";
    public static final String AUDIENCE = "touchpoint-services";

    /** Who: {@code key:<apiKeyId>} for a partner key, {@code user:<subject>} for a user. Standard {@code sub} claim. */
    public static final String CLAIM_SUBJECT = "sub";
    /** {@value #KIND_USER} or {@value #KIND_PARTNER}. */
    public static final String CLAIM_KIND = "kind";
    /** Space-separated scopes, e.g. {@code contacts:read contacts:write}. */
    public static final String CLAIM_SCOPE = "scope";
    /** Display name of the principal (partner or user name), for audit fields. */
    public static final String CLAIM_NAME = "name";

    public static final String KIND_USER = "user";
    public static final String KIND_PARTNER = "partner";

    /** Longest lifetime a service accepts; the gateway caches a token per principal for less than this. */
    public static final Duration MAX_TTL = Duration.ofMinutes(5);
    /** Clock skew tolerated between gateway and services. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    public static final int MIN_SECRET_BYTES = 32;

    private InternalTokenContract() {
    }
}
