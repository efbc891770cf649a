package org.touchpoint.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryBucketStoreTest {

    /** 5 requests of burst, 1 more per second. */
    private static final RateLimitProperties.Tier TIER = new RateLimitProperties.Tier(5, 60, Duration.ofMinutes(1));

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final InMemoryBucketStore store = new InMemoryBucketStore(nanos::get);

    @Test
    void aFullBucketAllowsTheBurstThenRefusesUntilATokenIsBack() {
        for (int i = 4; i >= 0; i--) {
            BucketStore.Decision decision = store.takeNow("key:a", TIER);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(i);
        }
        BucketStore.Decision refused = store.takeNow("key:a", TIER);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.secondsUntilNextToken(TIER)).isEqualTo(1);
        assertThat(refused.secondsUntilFull(TIER)).isEqualTo(5);

        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(store.takeNow("key:a", TIER).allowed()).as("not quite a second later").isFalse();
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(store.takeNow("key:a", TIER).allowed()).as("one token back after a second").isTrue();
        assertThat(store.takeNow("key:a", TIER).allowed()).isFalse();
    }

    @Test
    void bucketsArePerKeyAndNeverHoldMoreThanTheCapacity() {
        for (int i = 0; i < 5; i++) {
            store.takeNow("key:a", TIER);
        }
        assertThat(store.takeNow("key:a", TIER).allowed()).isFalse();
        assertThat(store.takeNow("key:b", TIER).allowed()).as("another key has its own bucket").isTrue();

        nanos.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(store.takeNow("key:a", TIER).remaining()).as("refilled to the capacity, no more").isEqualTo(4);
    }

    @Test
    void tierWindowIsTheTimeToRefillAnEmptyBucket() {
        assertThat(TIER.ratePerSecond()).isEqualTo(1.0);
        assertThat(TIER.windowSeconds()).isEqualTo(5);
        assertThat(new RateLimitProperties.Tier(200, 1200, Duration.ofMinutes(1)).windowSeconds()).isEqualTo(10);
    }
}
