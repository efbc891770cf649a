package org.touchpoint.gateway.ratelimit;

import java.util.List;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Buckets in Redis, shared by every gateway replica: one hash per principal, read, refilled and taken from in
 * one Lua script (atomic), with Redis's own clock so replicas with skewed clocks agree. One round trip per
 * request on the reactive (non-blocking) Lettuce client; the key expires once an idle bucket would be full.
 */
public class RedisBucketStore implements BucketStore {

    static final RedisScript<String> TAKE = RedisScript.of("""
            local capacity = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
              tokens = capacity
              at = now
            end
            tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000000)
            local allowed = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%d', now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
            return allowed .. ' ' .. string.format('%.6f', tokens)
            """, String.class);

    private final ReactiveStringRedisTemplate redis;
    private final String prefix;

    public RedisBucketStore(ReactiveStringRedisTemplate redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public Mono<Decision> take(String key, RateLimitProperties.Tier tier) {
        return redis.execute(TAKE, List.of(prefix + key),
                        List.of(Long.toString(tier.capacity()), Double.toString(tier.ratePerSecond())))
                .next()
                .map(RedisBucketStore::parse);
    }

    static Decision parse(String answer) {
        int space = answer.indexOf(' ');
        boolean allowed = answer.charAt(0) == '1';
        double tokens = Double.parseDouble(answer.substring(space + 1));
        return new Decision(allowed, (long) Math.floor(tokens), tokens);
    }
}
