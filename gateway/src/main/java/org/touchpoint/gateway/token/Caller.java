package org.touchpoint.gateway.token;

import org.jspecify.annotations.Nullable;

/**
 * The authenticated caller of a routed request, stored in the exchange attribute {@link #ATTRIBUTE} by the
 * authentication filter for the filters after it (scopes, rate limit, usage).
 *
 * @param principal     who the internal token names
 * @param apiKeyId      the partner key's id, or null for a user
 * @param rateLimitTier the rate-limit tier that applies
 */
public record Caller(Principal principal, @Nullable String apiKeyId, String rateLimitTier) {

    public static final String ATTRIBUTE = Caller.class.getName();

    public boolean hasScope(String scope) {
        return principal.scopes().contains(scope);
    }
}
