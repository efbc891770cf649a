package org.touchpoint.gateway.ratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

/**
 * Buckets in this process: one small object per principal, updated under its own lock (a few arithmetic
 * operations, never blocking on I/O). A bucket idle for an hour is dropped; it comes back full, as it would be.
 */
public class InMemoryBucketStore implements BucketStore {

    private final Cache<String, Bucket> buckets;
    private final LongSupplier nanoTime;

    public InMemoryBucketStore() {
        this(System::nanoTime);
    }

    InMemoryBucketStore(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).maximumSize(200_000).build();
    }

    @Override
    public Mono<Decision> take(String key, RateLimitProperties.Tier tier) {
        return Mono.just(takeNow(key, tier));
    }

    Decision takeNow(String key, RateLimitProperties.Tier tier) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(key, k -> new Bucket(tier.capacity(), now));
        return bucket.take(tier, now);
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }

        synchronized Decision take(RateLimitProperties.Tier tier, long now) {
            long elapsed = Math.max(0, now - updatedAt);
            tokens = Math.min(tier.capacity(), tokens + elapsed / 1e9 * tier.ratePerSecond());
            updatedAt = now;
            boolean allowed = tokens >= 1;
            if (allowed) {
                tokens -= 1;
            }
            return new Decision(allowed, (long) Math.floor(tokens), tokens);
        }
    }
}
