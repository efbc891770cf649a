package org.touchpoint.gateway.apikey;

import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.touchpoint.gateway.GatewayProperties;

/**
 * Writes a key's {@code lastUsedAt} at most once per interval per key, fire-and-forget: the request never
 * waits for it, and a failed write is only logged.
 */
@Component
class LastUsedRecorder {

    private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);

    private final ApiKeyStore store;
    private final Cache<String, Instant> recentlyRecorded;

    LastUsedRecorder(ApiKeyStore store, GatewayProperties properties) {
        this.store = store;
        this.recentlyRecorded = Caffeine.newBuilder()
                .expireAfterWrite(properties.apiKeys().lastUsedInterval())
                .maximumSize(properties.apiKeys().cacheMaxSize())
                .build();
    }

    void record(String keyId, Instant now) {
        if (recentlyRecorded.asMap().putIfAbsent(keyId, now) == null) {
            store.recordUse(keyId, now).subscribe(null,
                    error -> log.warn("Could not record lastUsedAt of API key {}: {}", keyId, error.toString()));
        }
    }
}
