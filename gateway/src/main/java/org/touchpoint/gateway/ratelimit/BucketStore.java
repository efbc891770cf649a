package org.touchpoint.gateway.ratelimit;

import reactor.core.publisher.Mono;

/** Where the token buckets live: this process's memory, or Redis shared by every gateway replica. */
public interface BucketStore {

    /** Takes one token from the bucket {@code key} (created full), refilled at the tier's rate. */
    Mono<Decision> take(String key, RateLimitProperties.Tier tier);

    /**
     * @param allowed   whether a token was taken
     * @param remaining whole tokens left after this request
     * @param tokensNow tokens left, with the fraction, to compute when the next one or all are back
     */
    record Decision(boolean allowed, long remaining, double tokensNow) {

        /** Seconds until one token is back (at least 1): the {@code Retry-After} of a refused request. */
        long secondsUntilNextToken(RateLimitProperties.Tier tier) {
            double missing = Math.max(0, 1 - tokensNow);
            return Math.max(1, (long) Math.ceil(missing / tier.ratePerSecond()));
        }

        /** Seconds until the bucket is full again (0 if it is). */
        long secondsUntilFull(RateLimitProperties.Tier tier) {
            double missing = Math.max(0, tier.capacity() - tokensNow);
            return (long) Math.ceil(missing / tier.ratePerSecond());
        }
    }
}
