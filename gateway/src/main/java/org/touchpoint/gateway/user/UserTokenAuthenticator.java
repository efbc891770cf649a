package org.touchpoint.gateway.user;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.touchpoint.gateway.token.Principal;
import reactor.core.publisher.Mono;

/**
 * Validates a user's {@code Authorization: Bearer} JWT against the configured issuer and maps its roles to scopes
 * ({@code crm.gateway.roles}). A valid token is remembered until it expires, so the signature is checked once
 * per token rather than per request, and its {@link Principal} (the internal token's cache key) stays the same.
 */
@Component
public class UserTokenAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(UserTokenAuthenticator.class);

    public sealed interface Outcome permits Authenticated, Rejected, Unavailable {
    }

    public record Authenticated(Principal principal) implements Outcome {
    }

    public record Rejected(String detail) implements Outcome {
    }

    /** The issuer's keys could not be fetched. */
    public record Unavailable() implements Outcome {
    }

    private final @Nullable ReactiveJwtDecoder decoder;
    private final UserProperties users;
    private final Map<String, List<String>> roles;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Cache<String, Validated> validated;

    private record Validated(Principal principal, Instant expiresAt) {
    }

    UserTokenAuthenticator(JwtIssuerProperties issuer, UserProperties users, UserProperties.RoleProperties roles,
                           Clock clock, MeterRegistry meters) {
        this.decoder = issuer.configured() ? decoder(issuer) : null;
        this.users = users;
        this.roles = roles.roles();
        this.clock = clock;
        this.meters = meters;
        this.validated = Caffeine.newBuilder()
                .maximumSize(users.cacheMaxSize())
                .expireAfter(Expiry.<String, Validated>creating((token, v) ->
                        Duration.between(clock.instant(), v.expiresAt()).isNegative()
                                ? Duration.ZERO : Duration.between(clock.instant(), v.expiresAt())))
                .build();
        if (decoder == null) {
            log.info("No user-token issuer configured (spring.security.oauth2.resourceserver.jwt.*): "
                    + "Authorization: Bearer is refused, only API keys are accepted");
        }
        else {
            log.info("User tokens accepted from issuer {} (keys: {})", issuer.issuerUri(),
                    JwtIssuerProperties.present(issuer.jwkSetUri()) ? issuer.jwkSetUri()
                            : JwtIssuerProperties.present(issuer.publicKeyLocation()) ? issuer.publicKeyLocation()
                            : "discovery");
        }
    }

    public boolean enabled() {
        return decoder != null;
    }

    public Mono<Outcome> authenticate(String token) {
        if (decoder == null) {
            return Mono.just(new Rejected("User tokens are not accepted here: send an API key in X-API-Key."));
        }
        Validated known = validated.getIfPresent(token);
        if (known != null && clock.instant().isBefore(known.expiresAt())) {
            return Mono.just(new Authenticated(known.principal()));
        }
        return decoder.decode(token)
                .<Outcome>map(jwt -> {
                    Principal principal = principal(jwt);
                    Instant expiresAt = jwt.getExpiresAt() == null ? clock.instant().plusSeconds(60) : jwt.getExpiresAt();
                    validated.put(token, new Validated(principal, expiresAt));
                    return new Authenticated(principal);
                })
                .onErrorResume(BadJwtException.class, e -> {
                    log.debug("User token rejected: {}", e.getMessage());
                    meters.counter("gateway.usertoken.rejections").increment();
                    return Mono.just(new Rejected("The bearer token is invalid or expired."));
                })
                .onErrorResume(e -> {
                    log.warn("User token could not be checked: {}", e.toString());
                    meters.counter("gateway.usertoken.check.failures").increment();
                    return Mono.just(new Unavailable());
                });
    }

    Principal principal(Jwt jwt) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String role : roles(jwt)) {
            scopes.addAll(roles.getOrDefault(role, List.of()));
        }
        String name = jwt.getSubject();
        for (String claim : users.nameClaims()) {
            Object value = jwt.getClaims().get(claim);
            if (value instanceof String text && !text.isBlank()) {
                name = text;
                break;
            }
        }
        return Principal.user(jwt.getSubject(), name, List.copyOf(scopes));
    }

    List<String> roles(Jwt jwt) {
        Object value = jwt.getClaims();
        for (String part : users.rolesClaim().split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        List<String> found = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(item -> found.add(String.valueOf(item)));
        }
        else if (value instanceof String text) {
            for (String role : text.split("[\\s,]+")) {
                if (!role.isEmpty()) {
                    found.add(role);
                }
            }
        }
        return found;
    }

    private static ReactiveJwtDecoder decoder(JwtIssuerProperties issuer) {
        NimbusReactiveJwtDecoder decoder;
        if (JwtIssuerProperties.present(issuer.jwkSetUri())) {
            NimbusReactiveJwtDecoder.JwkSetUriReactiveJwtDecoderBuilder builder =
                    NimbusReactiveJwtDecoder.withJwkSetUri(issuer.jwkSetUri());
            issuer.jwsAlgorithms().forEach(a -> builder.jwsAlgorithm(SignatureAlgorithm.from(a)));
            decoder = builder.build();
        }
        else if (JwtIssuerProperties.present(issuer.publicKeyLocation())) {
            decoder = NimbusReactiveJwtDecoder.withPublicKey(readPublicKey(issuer.publicKeyLocation())).build();
        }
        else {
            decoder = NimbusReactiveJwtDecoder.withIssuerLocation(issuer.issuerUri()).build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtIssuerProperties.present(issuer.issuerUri())
                ? JwtValidators.createDefaultWithIssuer(issuer.issuerUri()) : JwtValidators.createDefault());
        validators.add(new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank()));
        if (!issuer.audiences().isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>("aud",
                    aud -> aud != null && aud.stream().anyMatch(issuer.audiences()::contains)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    static RSAPublicKey readPublicKey(String location) {
        Resource resource = new DefaultResourceLoader().getResource(location);
        try (InputStream in = resource.getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
        catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.public-key-location ("
                    + location + ") is not a readable RSA public key in X.509 PEM form", e);
        }
    }
}
