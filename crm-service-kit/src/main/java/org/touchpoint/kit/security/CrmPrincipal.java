package org.touchpoint.kit.security;

import java.util.Optional;
import java.util.Set;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who is calling, as the gateway vouched for it in the internal token.
 *
 * @param subject {@code key:<id>} for a partner API key, {@code user:<name>} for a user
 * @param kind    {@code user} or {@code partner}
 * @param name    display name, for audit fields
 */
public record CrmPrincipal(String subject, String kind, String name, Set<String> scopes) {

    static final String ATTRIBUTE = CrmPrincipal.class.getName();

    public CrmPrincipal {
        scopes = Set.copyOf(scopes);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The principal of the current HTTP request, if it was authenticated. */
    public static Optional<CrmPrincipal> current() {
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        if (attrs == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((CrmPrincipal) attrs.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }

    /** The actor to record on touches and audit fields: the subject, or {@code system} outside a request. */
    public static String currentActor() {
        return current().map(CrmPrincipal::subject).orElse("system");
    }
}
