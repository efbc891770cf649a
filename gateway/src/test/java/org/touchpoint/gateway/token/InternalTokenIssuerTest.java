package org.touchpoint.gateway.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.touchpoint.events.InternalTokenContract;
import org.touchpoint.gateway.GatewayProperties;

import static org.assertj.core.api.Assertions.assertThat;

class InternalTokenIssuerTest {

    private static final String SECRET = "unit-test-secret-unit-test-secret-0123456789";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final InternalTokenIssuer issuer = new InternalTokenIssuer(properties(Duration.ofMinutes(2)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void tokenCarriesTheContractClaimsAndIsSignedWithTheSharedSecret() throws Exception {
        String token = issuer.tokenFor(Principal.partnerKey("key_1", "Acme", List.of("contacts:read", "admin")));

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(InternalTokenContract.ISSUER);
        assertThat(claims.getAudience()).containsExactly(InternalTokenContract.AUDIENCE);
        assertThat(claims.getSubject()).isEqualTo("key:key_1");
        assertThat(claims.getStringClaim("kind")).isEqualTo("partner");
        assertThat(claims.getStringClaim("scope")).isEqualTo("contacts:read admin");
        assertThat(claims.getStringClaim("name")).isEqualTo("Acme");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void samePrincipalGetsTheCachedTokenAndAnotherPrincipalItsOwn() {
        Principal acme = Principal.partnerKey("key_1", "Acme", List.of("contacts:read"));
        Principal globex = Principal.partnerKey("key_2", "Globex", List.of("contacts:read"));

        assertThat(issuer.tokenFor(acme)).isEqualTo(issuer.tokenFor(acme));
        assertThat(issuer.tokenFor(globex)).isNotEqualTo(issuer.tokenFor(acme));
    }

    @Test
    void freshlySignedTokensDifferByTheirId() {
        Principal acme = Principal.partnerKey("key_1", "Acme", List.of("contacts:read"));

        assertThat(issuer.sign(acme)).isNotEqualTo(issuer.sign(acme));
    }

    static GatewayProperties properties(Duration ttl) {
        return new GatewayProperties(null, new GatewayProperties.InternalToken(SECRET, ttl), DataSize.ofMegabytes(1),
                new GatewayProperties.ApiKeys(Duration.ofSeconds(5), 100, Duration.ofMinutes(1), Duration.ofSeconds(3),
                        Duration.ofSeconds(30), 1_000), List.of());
    }
}
