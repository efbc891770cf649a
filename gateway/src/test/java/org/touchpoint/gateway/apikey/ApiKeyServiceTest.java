package org.touchpoint.gateway.apikey;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.touchpoint.gateway.apikey.ApiKeyRequests.CreateApiKeyRequest;
import org.touchpoint.gateway.apikey.ApiKeyRequests.CreatedApiKeyResponse;
import reactor.core.publisher.Mono;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ApiKeyServiceTest {

    private final ApiKeyStore store = mock(ApiKeyStore.class);
    private final ApiKeyAuthenticator authenticator = mock(ApiKeyAuthenticator.class);
    private final ApiKeyService service = new ApiKeyService(store, authenticator, Clock.systemUTC());

    @Test
    void createForgetsAnyCachedAnswerForTheNewKeysHashSoANegativeEntryCannotShadowIt() {
        when(store.insert(any())).thenAnswer(call -> Mono.just(call.getArgument(0)));

        CreatedApiKeyResponse created = service.create(new CreateApiKeyRequest("n", null, List.of("contacts:read"),
                null)).block(Duration.ofSeconds(5));

        verify(authenticator).invalidate(ApiKeySecret.sha256Hex(created.key()));
    }
}
