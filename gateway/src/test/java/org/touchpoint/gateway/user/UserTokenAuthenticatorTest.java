package org.touchpoint.gateway.user;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.InternalTokenContract;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer configured by {@code jwk-set-uri} (a real HTTP JWK set), Keycloak-style nested roles, audience
 * checks, the per-token cache, and an issuer that cannot be reached (503, not 401).
 */
class UserTokenAuthenticatorTest {

    private static final String ISSUER = "https://login.example.test/realms/touchpoint";

    private final KeyPair keys = rsa();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final HttpServer jwks = jwkServer();

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    @Test
    void aTokenCheckedAgainstTheJwkSetMapsNestedRolesToScopesAndIsVerifiedOncePerToken() {
        UserTokenAuthenticator authenticator = authenticator(List.of("touchpoint-app"));
        String token = token(Map.of("realm_access", Map.of("roles", List.of("support", "offline_access"))),
                List.of("touchpoint-app"));

        UserTokenAuthenticator.Outcome outcome = authenticator.authenticate(token).block(Duration.ofSeconds(10));

        assertThat(outcome).isInstanceOfSatisfying(UserTokenAuthenticator.Authenticated.class, authenticated -> {
            assertThat(authenticated.principal().subject()).isEqualTo("user:u-42");
            assertThat(authenticated.principal().kind()).isEqualTo(InternalTokenContract.KIND_USER);
            assertThat(authenticated.principal().name()).isEqualTo("María José");
            assertThat(authenticated.principal().scopes()).containsExactly("cases:read", "cases:write");
        });
        int fetches = jwksFetches.get();
        for (int i = 0; i < 5; i++) {
            assertThat(authenticator.authenticate(token).block(Duration.ofSeconds(5)))
                    .isInstanceOf(UserTokenAuthenticator.Authenticated.class);
        }
        assertThat(jwksFetches.get()).as("validated once, then remembered").isEqualTo(fetches);
    }

    @Test
    void aTokenForAnotherAudienceIsRejected() {
        UserTokenAuthenticator authenticator = authenticator(List.of("touchpoint-app"));
        String token = token(Map.of("realm_access", Map.of("roles", List.of("support"))), List.of("other-app"));

        assertThat(authenticator.authenticate(token).block(Duration.ofSeconds(10)))
                .isInstanceOf(UserTokenAuthenticator.Rejected.class);
    }

    @Test
    void anIssuerThatCannotBeReachedMakesTheOutcomeUnavailableNotRejected() {
        UserTokenAuthenticator authenticator = authenticator(List.of());
        jwks.stop(0);

        assertThat(authenticator.authenticate(token(Map.of(), List.of())).block(Duration.ofSeconds(20)))
                .isInstanceOf(UserTokenAuthenticator.Unavailable.class);
    }

    @Test
    void withoutAnIssuerUserTokensAreRefused() {
        UserTokenAuthenticator authenticator = new UserTokenAuthenticator(
                new JwtIssuerProperties(null, null, null, List.of(), List.of("RS256")),
                new UserProperties("roles", List.of("name"), 100), new UserProperties.RoleProperties(Map.of()),
                Clock.systemUTC(), new SimpleMeterRegistry());

        assertThat(authenticator.enabled()).isFalse();
        assertThat(authenticator.authenticate("a.b.c").block()).isInstanceOf(UserTokenAuthenticator.Rejected.class);
    }

    private UserTokenAuthenticator authenticator(List<String> audiences) {
        return new UserTokenAuthenticator(
                new JwtIssuerProperties(ISSUER, "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs", null,
                        audiences, List.of("RS256")),
                new UserProperties("realm_access.roles", List.of("name", "preferred_username"), 100),
                new UserProperties.RoleProperties(Map.of("support", List.of("cases:read", "cases:write"),
                        "sales", List.of("leads:read"))),
                Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private String token(Map<String, Object> extraClaims, List<String> audience) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("u-42")
                .claim("name", "María José").audience(audience)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
        extraClaims.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims.build());
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        }
        catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private HttpServer jwkServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID("k1").build())
                    .toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/certs", exchange -> {
                jwksFetches.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
