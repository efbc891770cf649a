package org.touchpoint.gateway.user;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OAuth2/OIDC issuer of user tokens, under the standard prefix {@code spring.security.oauth2.resourceserver.jwt}
 * (the gateway reads it itself: it has no Spring Security filter chain). Keys come from {@code jwk-set-uri}, else
 * {@code public-key-location}, else the issuer's discovery document ({@code issuer-uri}, fetched on first use). When
 * {@code issuer-uri} is set, a token's {@code iss} must equal it. Nothing set: user tokens are refused.
 *
 * @param issuerUri         the issuer ({@code iss}); also the discovery location if no keys are configured
 * @param jwkSetUri         the issuer's JWK set
 * @param publicKeyLocation an RSA public key (X.509 PEM), e.g. {@code file:/run/secrets/issuer.pub}
 * @param audiences         if not empty, a token's {@code aud} must contain one of them
 * @param jwsAlgorithms     accepted signature algorithms
 */
@ConfigurationProperties("spring.security.oauth2.resourceserver.jwt")
public record JwtIssuerProperties(@Nullable String issuerUri, @Nullable String jwkSetUri,
                                  @Nullable String publicKeyLocation, @DefaultValue List<String> audiences,
                                  @DefaultValue("RS256") List<String> jwsAlgorithms) {

    public boolean configured() {
        return present(issuerUri) || present(jwkSetUri) || present(publicKeyLocation);
    }

    static boolean present(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}
