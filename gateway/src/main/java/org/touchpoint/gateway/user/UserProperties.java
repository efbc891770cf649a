package org.touchpoint.gateway.user;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How user tokens become principals, prefix {@code crm.gateway.users}; the role-to-scopes map is
 * {@code crm.gateway.roles.<role>=<scope>,<scope>} ({@link RoleProperties}).
 *
 * @param rolesClaim     claim holding the user's roles: a list or a space/comma separated string; a dotted path
 *                       reaches into objects (Keycloak: {@code realm_access.roles})
 * @param nameClaims     claims tried in order for the display name (then {@code sub})
 * @param cacheMaxSize   validated tokens remembered (until their expiry) so a token is verified once, not per request
 */
@ConfigurationProperties("crm.gateway.users")
public record UserProperties(@DefaultValue("roles") String rolesClaim,
                             @DefaultValue({"name", "preferred_username", "email"}) List<String> nameClaims,
                             @DefaultValue("20000") long cacheMaxSize) {

    /** {@code crm.gateway.roles}: the scopes each role grants. */
    @ConfigurationProperties("crm.gateway")
    public record RoleProperties(@DefaultValue Map<String, List<String>> roles) {
    }
}
