package org.touchpoint.gateway.apikey;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.touchpoint.gateway.GatewayProperties;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The authenticator against a stubbed key store: what it looks up, what it caches, how it fails. */
class ApiKeyAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final ApiKeyStore store = mock(ApiKeyStore.class);
    private final LastUsedRecorder lastUsed = mock(LastUsedRecorder.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(store, lastUsed,
            Clock.fixed(NOW, ZoneOffset.UTC), meters, properties());
    private final ApiKeySecret secret = ApiKeySecret.generate(new SecureRandom());

    @Test
    void malformedKeyIsRejectedWithoutALookup() {
        String tampered = secret.value().substring(0, 41) + (secret.value().charAt(41) == 'A' ? 'B' : 'A');

        assertThat(authenticator.authenticate(tampered).block())
                .isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason.MALFORMED));
        assertThat(authenticator.authenticate(null).block())
                .isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason.MISSING));
        verifyNoInteractions(store);
    }

    @Test
    void lookupIsCachedSoTheHotPathDoesNotHitTheStoreAndInvalidateForgetsIt() {
        when(store.findByHash(secret.hash())).thenReturn(Mono.just(key(null, null)));

        for (int i = 0; i < 3; i++) {
            assertThat(authenticator.authenticate(secret.value()).block())
                    .isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
        }
        verify(store, times(1)).findByHash(secret.hash());

        authenticator.invalidate(secret.hash());
        authenticator.authenticate(secret.value()).block();
        verify(store, times(2)).findByHash(secret.hash());
    }

    @Test
    void unknownRevokedAndExpiredKeysAreRejectedWithTheirReason() {
        when(store.findByHash(anyString())).thenReturn(Mono.empty());
        assertThat(authenticator.authenticate(secret.value()).block())
                .isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason.UNKNOWN));

        authenticator.invalidate(secret.hash());
        when(store.findByHash(anyString())).thenReturn(Mono.just(key(NOW.minusSeconds(1), null)));
        assertThat(authenticator.authenticate(secret.value()).block())
                .isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason.REVOKED));

        authenticator.invalidate(secret.hash());
        when(store.findByHash(anyString())).thenReturn(Mono.just(key(null, NOW)));
        assertThat(authenticator.authenticate(secret.value()).block())
                .isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason.EXPIRED));

        assertThat(meters.get("gateway.apikey.rejections").tag("reason", "expired").counter().count()).isEqualTo(1);
    }

    @Test
    void usableKeyIsAuthenticatedAndItsUseRecorded() {
        when(store.findByHash(anyString())).thenReturn(Mono.just(key(null, NOW.plusSeconds(1))));

        assertThat(authenticator.authenticate(secret.value()).block())
                .isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
        verify(lastUsed).record("key_1", NOW);
    }

    @Test
    void storeFailureOrSilenceMakesTheOutcomeUnavailableNotRejected() {
        when(store.findByHash(anyString())).thenReturn(Mono.error(new IllegalStateException("mongo down")));
        assertThat(authenticator.authenticate(secret.value()).block())
                .isInstanceOf(ApiKeyAuthenticator.Unavailable.class);

        when(store.findByHash(anyString())).thenReturn(Mono.never());
        assertThat(authenticator.authenticate(secret.value()).block(Duration.ofSeconds(5)))
                .as("gives up after the lookup timeout")
                .isInstanceOf(ApiKeyAuthenticator.Unavailable.class);
        verify(lastUsed, times(0)).record(anyString(), any());
    }

    @Test
    void storeThatNeverAnswersGives503OnlyUntilItRecoversAndTheHungLookupIsNotCached() {
        when(store.findByHash(secret.hash())).thenReturn(Mono.never(), Mono.never(), Mono.just(key(null, null)));

        assertThat(authenticator.authenticate(secret.value()).block(Duration.ofSeconds(5)))
                .isInstanceOf(ApiKeyAuthenticator.Unavailable.class);
        assertThat(authenticator.authenticate(secret.value()).block(Duration.ofSeconds(5)))
                .as("a new lookup, not the hung one from the cache")
                .isInstanceOf(ApiKeyAuthenticator.Unavailable.class);
        assertThat(authenticator.authenticate(secret.value()).block(Duration.ofSeconds(5)))
                .as("store answers again: accepted without a restart")
                .isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
        assertThat(authenticator.authenticate(secret.value()).block(Duration.ofSeconds(5)))
                .isInstanceOf(ApiKeyAuthenticator.Authenticated.class);

        verify(store, times(3)).findByHash(secret.hash());
        assertThat(meters.get("gateway.apikey.lookup.failures").counter().count()).isEqualTo(2);
    }

    @Test
    void failedLookupIsNotCached() {
        when(store.findByHash(secret.hash()))
                .thenReturn(Mono.error(new IllegalStateException("mongo down")), Mono.just(key(null, null)));

        assertThat(authenticator.authenticate(secret.value()).block(Duration.ofSeconds(5)))
                .isInstanceOf(ApiKeyAuthenticator.Unavailable.class);
        assertThat(authenticator.authenticate(secret.value()).block(Duration.ofSeconds(5)))
                .isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
        verify(store, times(2)).findByHash(secret.hash());
    }

    @Test
    void concurrentRequestsWaitingOnAHungLookupAllGetUnavailableWithinTheTimeout() {
        when(store.findByHash(secret.hash())).thenReturn(Mono.never());

        List<ApiKeyAuthenticator.Outcome> outcomes = reactor.core.publisher.Flux.range(0, 5)
                .flatMap(i -> authenticator.authenticate(secret.value()))
                .collectList().block(Duration.ofSeconds(5));

        assertThat(outcomes).hasSize(5).allMatch(o -> o instanceof ApiKeyAuthenticator.Unavailable);
        verify(store, times(1)).findByHash(secret.hash());
    }

    @Test
    void unknownKeyIsCachedNegativelySoRepeatsDoNotHitTheStore() {
        when(store.findByHash(anyString())).thenReturn(Mono.empty());

        for (int i = 0; i < 4; i++) {
            assertThat(authenticator.authenticate(secret.value()).block())
                    .isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason.UNKNOWN));
        }

        verify(store, times(1)).findByHash(secret.hash());
        assertThat(meters.get(ApiKeyAuthenticator.NEGATIVE_CACHE_HITS).counter().count()).isEqualTo(3);
        assertThat(meters.get("gateway.apikey.rejections").tag("reason", "unknown").counter().count()).isEqualTo(4);
    }

    @Test
    void floodOfMadeUpKeysDoesNotEvictAFoundKey() {
        when(store.findByHash(anyString())).thenReturn(Mono.empty());
        when(store.findByHash(secret.hash())).thenReturn(Mono.just(key(null, null)));
        assertThat(authenticator.authenticate(secret.value()).block())
                .isInstanceOf(ApiKeyAuthenticator.Authenticated.class);

        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 500; i++) {   // five times the found-key cache size of these properties
            assertThat(authenticator.authenticate(ApiKeySecret.generate(random).value()).block())
                    .isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason.UNKNOWN));
        }

        assertThat(authenticator.authenticate(secret.value()).block())
                .isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
        verify(store, times(1)).findByHash(secret.hash());
    }

    @Test
    void invalidateForgetsANegativeEntrySoANewlyStoredKeyIsNotShadowed() {
        when(store.findByHash(secret.hash())).thenReturn(Mono.empty(), Mono.just(key(null, null)));
        assertThat(authenticator.authenticate(secret.value()).block())
                .isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason.UNKNOWN));
        assertThat(authenticator.authenticate(secret.value()).block())
                .as("still the cached negative answer")
                .isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason.UNKNOWN));

        authenticator.invalidate(secret.hash());

        assertThat(authenticator.authenticate(secret.value()).block())
                .isInstanceOf(ApiKeyAuthenticator.Authenticated.class);
        verify(store, times(2)).findByHash(secret.hash());
    }

    @Test
    void negativeEntryExpiresAfterItsTtl() {
        ApiKeyAuthenticator shortLived = new ApiKeyAuthenticator(store, lastUsed, Clock.fixed(NOW, ZoneOffset.UTC),
                meters, properties(Duration.ofMillis(100)));
        when(store.findByHash(secret.hash())).thenReturn(Mono.empty(), Mono.just(key(null, null)));
        assertThat(shortLived.authenticate(secret.value()).block())
                .isEqualTo(new ApiKeyAuthenticator.Rejected(ApiKeyAuthenticator.Reason.UNKNOWN));

        // Until the negative entry expires the store is not asked again; after it, the key (now stored) is found.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> shortLived.authenticate(secret.value()).block() instanceof ApiKeyAuthenticator.Authenticated);
        verify(store, times(2)).findByHash(secret.hash());
    }

    private ApiKey key(Instant revokedAt, Instant expiresAt) {
        return new ApiKey("key_1", "n", "p", List.of("contacts:read"), secret.hash(), secret.hint(),
                NOW.minusSeconds(60), expiresAt, revokedAt, null);
    }

    private static GatewayProperties properties() {
        return properties(Duration.ofSeconds(30));
    }

    private static GatewayProperties properties(Duration negativeCacheTtl) {
        return new GatewayProperties(null,
                new GatewayProperties.InternalToken("0123456789abcdef0123456789abcdef", Duration.ofMinutes(2)),
                DataSize.ofMegabytes(1),
                new GatewayProperties.ApiKeys(Duration.ofSeconds(5), 100, Duration.ofMinutes(1),
                        Duration.ofMillis(200), negativeCacheTtl, 1_000),
                List.of());
    }
}
