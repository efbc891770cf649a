package org.touchpoint.gateway.apikey;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.stereotype.Component;
import org.touchpoint.gateway.ratelimit.RateLimitConfiguration;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * Makes a revocation or rotation through one gateway replica take effect on every replica at once: when Redis is
 * configured, the replica that changed a key publishes the key's secret hashes on a channel and every replica
 * (itself included) drops them from its caches. Without Redis there is one replica (or the others catch up
 * within {@code crm.gateway.api-keys.cache-ttl}). A lost message costs at most that cache lifetime.
 */
@Component
class KeyInvalidationBus {

    private static final Logger log = LoggerFactory.getLogger(KeyInvalidationBus.class);

    static final String CHANNEL = "crm:gateway:api-key-invalidations";

    private final @Nullable ReactiveStringRedisTemplate redis;
    private final ApiKeyAuthenticator authenticator;
    private Disposable subscription;

    KeyInvalidationBus(Environment environment, ObjectProvider<ReactiveStringRedisTemplate> redis,
                       ApiKeyAuthenticator authenticator) {
        this.redis = RateLimitConfiguration.redisConfigured(environment) ? redis.getIfAvailable() : null;
        this.authenticator = authenticator;
    }

    @EventListener(ApplicationReadyEvent.class)
    void listen() {
        if (redis == null) {
            return;
        }
        subscription = redis.listenTo(ChannelTopic.of(CHANNEL))
                .doOnNext(message -> {
                    for (String hash : message.getMessage().split(",")) {
                        if (!hash.isBlank()) {
                            authenticator.invalidate(hash);
                        }
                    }
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(signal -> log.warn("API key invalidation channel lost, resubscribing: {}",
                                signal.failure().toString())))
                .subscribe();
    }

    /** Tells every replica to forget what it cached for these hashes (this one has already). */
    void publish(List<String> hashes) {
        if (redis == null || hashes.isEmpty()) {
            return;
        }
        redis.convertAndSend(CHANNEL, String.join(",", hashes))
                .timeout(Duration.ofSeconds(2))
                .subscribe(null, error -> log.warn("Could not announce an API key change to the other replicas "
                        + "(they catch up within the key cache lifetime): {}", error.toString()));
    }

    @PreDestroy
    void stop() {
        if (subscription != null) {
            subscription.dispose();
        }
    }
}
