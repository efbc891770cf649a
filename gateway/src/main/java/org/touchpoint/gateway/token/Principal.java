package org.touchpoint.gateway.token;

import java.util.List;

import org.touchpoint.events.InternalTokenContract;

/**
 * Who a forwarded request acts for, as named in the internal token.
 *
 * @param subject {@code key:<apiKeyId>} for a partner key, {@code user:<subject>} for a user
 * @param kind    {@link InternalTokenContract#KIND_PARTNER} or {@link InternalTokenContract#KIND_USER}
 * @param name    display name (partner or user name)
 * @param scopes  granted scopes
 */
public record Principal(String subject, String kind, String name, List<String> scopes) {

    public Principal {
        scopes = List.copyOf(scopes);
    }

    public static Principal partnerKey(String keyId, String partnerName, List<String> scopes) {
        return new Principal("key:" + keyId, InternalTokenContract.KIND_PARTNER, partnerName, scopes);
    }

    public static Principal user(String subject, String name, List<String> scopes) {
        return new Principal("user:" + subject, InternalTokenContract.KIND_USER, name, scopes);
    }
}
