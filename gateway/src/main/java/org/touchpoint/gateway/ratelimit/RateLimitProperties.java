package org.touchpoint.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-principal token buckets, prefix {@code crm.gateway.rate-limits}. A partner key uses its own tier
 * ({@code rateLimitTier}, else {@code default-tier}); users use {@code user-tier}. Buckets live in memory, or in
 * Redis (shared by every gateway replica) when {@code spring.data.redis.*} is configured.
 *
 * @param enabled      false turns rate limiting off
 * @param defaultTier  tier of a key that names none
 * @param userTier     tier of user tokens
 * @param tiers        the tiers by name
 * @param redisTimeout longest wait for Redis; beyond it (or if Redis fails) the request is let through and
 *                     counted in {@code gateway.ratelimit.store.failures}: a rate limiter must not take the
 *                     platform down with it
 * @param redisKeyPrefix prefix of the bucket keys in Redis
 */
@ConfigurationProperties("crm.gateway.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("standard") String defaultTier,
                                  @DefaultValue("user") String userTier,
                                  @DefaultValue Map<String, Tier> tiers,
                                  @DefaultValue("250ms") Duration redisTimeout,
                                  @DefaultValue("crm:gateway:bucket:") String redisKeyPrefix) {

    public RateLimitProperties {
        tiers = Map.copyOf(tiers);
        if (enabled) {
            for (String required : new String[] {defaultTier, userTier}) {
                if (!tiers.containsKey(required)) {
                    throw new IllegalArgumentException("crm.gateway.rate-limits.tiers has no tier '" + required
                            + "' (named by crm.gateway.rate-limits.default-tier or user-tier); tiers: " + tiers.keySet());
                }
            }
        }
    }

    /**
     * A token bucket: holds at most {@code capacity} requests (the burst) and regains {@code refill} of them per
     * {@code period}, continuously.
     */
    public record Tier(long capacity, long refill, @DefaultValue("1m") Duration period) {

        public Tier {
            if (capacity < 1 || refill < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("crm.gateway.rate-limits.tiers.*: capacity and refill must be at "
                        + "least 1 and period positive, got capacity=" + capacity + ", refill=" + refill
                        + ", period=" + period);
            }
        }

        /** Tokens regained per second. */
        public double ratePerSecond() {
            return refill * 1_000_000_000.0 / period.toNanos();
        }

        /** Seconds an empty bucket takes to fill up: the window of the {@code RateLimit-Policy} header. */
        public long windowSeconds() {
            return Math.max(1, (long) Math.ceil(capacity / ratePerSecond()));
        }
    }
}
