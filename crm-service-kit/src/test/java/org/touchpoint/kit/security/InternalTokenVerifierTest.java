package org.touchpoint.kit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TestTokens;

class InternalTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final InternalTokenVerifier verifier = new InternalTokenVerifier(TestInfrastructure.TOKEN_SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    private static String token(Instant iat, Duration ttl, String... scopes) {
        return TestTokens.token(TestInfrastructure.TOKEN_SECRET, "key:k1", iat, ttl, scopes);
    }

    @Test
    void acceptsAFreshTokenAndReadsPrincipalAndScopes() {
        CrmPrincipal p = verifier.verify(token(NOW.minusSeconds(10), Duration.ofMinutes(2), "contacts:read", "contacts:write"));
        assertThat(p.subject()).isEqualTo("key:k1");
        assertThat(p.kind()).isEqualTo("partner");
        assertThat(p.scopes()).containsExactlyInAnyOrder("contacts:read", "contacts:write");
    }

    @Test
    void refusesExpiredTokensBeyondTheClockSkew() {
        assertThatThrownBy(() -> verifier.verify(token(NOW.minusSeconds(300), Duration.ofMinutes(2))))
                .hasMessageContaining("expired");
    }

    @Test
    void refusesTokensLivingLongerThanTheContractAllows() {
        assertThatThrownBy(() -> verifier.verify(token(NOW, Duration.ofHours(1)))).hasMessageContaining("lifetime");
    }

    @Test
    void refusesUnsignedAndWronglyAddressedTokens() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("key:k1").issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(60))).build();
        assertThatThrownBy(() -> verifier.verify(new PlainJWT(claims).serialize())).isInstanceOf(InternalTokenVerifier.InvalidTokenException.class);

        SignedJWT wrongIssuer = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder(claims)
                .issuer("someone-else").audience("touchpoint-services").claim("kind", "partner").build());
        wrongIssuer.sign(new MACSigner(TestInfrastructure.TOKEN_SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> verifier.verify(wrongIssuer.serialize())).hasMessageContaining("not issued for the services");
        assertThatThrownBy(() -> verifier.verify("garbage")).hasMessageContaining("not a JWT");
    }

    @Test
    void aShortSecretIsRefusedAtStartup() {
        assertThatThrownBy(() -> new InternalTokenVerifier("short", Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CRM_INTERNAL_TOKEN_SECRET");
    }
}
