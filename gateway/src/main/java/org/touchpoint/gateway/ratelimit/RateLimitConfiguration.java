package org.touchpoint.gateway.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Chooses where buckets live: Redis when {@code spring.data.redis.*} names a server (url, host, sentinel or
 * cluster), memory otherwise. Only the choice is made here: the gateway defines no Spring Cloud Gateway
 * {@code RateLimiter} bean, so the pitfall of two clashing {@code RateLimiter} beans cannot arise.
 */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    static final String[] REDIS_PROPERTIES = {"spring.data.redis.url", "spring.data.redis.host",
            "spring.data.redis.sentinel.master", "spring.data.redis.cluster.nodes"};

    @Bean
    BucketStore bucketStore(Environment environment, ObjectProvider<ReactiveStringRedisTemplate> redis,
                            RateLimitProperties properties) {
        if (redisConfigured(environment)) {
            ReactiveStringRedisTemplate template = redis.getIfAvailable();
            if (template == null) {
                throw new IllegalStateException("spring.data.redis.* is set but no Redis client was configured");
            }
            log.info("Rate-limit buckets in Redis (shared by every gateway replica)");
            return new RedisBucketStore(template, properties.redisKeyPrefix());
        }
        log.info("Rate-limit buckets in memory (set spring.data.redis.* to share them between replicas)");
        return new InMemoryBucketStore();
    }

    public static boolean redisConfigured(Environment environment) {
        for (String property : REDIS_PROPERTIES) {
            String value = environment.getProperty(property);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return false;
    }
}
