package org.touchpoint.kit.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.security.*}.
 *
 * @param internalTokenSecret HS256 secret shared with the gateway ({@code CRM_INTERNAL_TOKEN_SECRET}), at least 32 bytes
 * @param publicPaths         paths served without a token (actuator probes, OpenAPI documents, {@code /public/**} whose handlers must also be {@link PublicEndpoint})
 */
@ConfigurationProperties("crm.security")
public record SecurityProperties(
        String internalTokenSecret,
        @DefaultValue({"/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error", "/public/**"})
        List<String> publicPaths) {
}
