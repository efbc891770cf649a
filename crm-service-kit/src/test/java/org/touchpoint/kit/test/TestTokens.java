package org.touchpoint.kit.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.touchpoint.events.InternalTokenContract;

/** Internal tokens as the gateway mints them, for tests that call a service directly. */
public final class TestTokens {

    private TestTokens() {
    }

    /** {@code Bearer <jwt>} for a partner holding these scopes. */
    public static String bearer(String... scopes) {
        return "Bearer " + token(TestInfrastructure.TOKEN_SECRET, "key:test", Instant.now(), Duration.ofMinutes(2), scopes);
    }

    /**
     * An {@code Authorization} header whose token is minted afresh each time the map is read, so a header kept in a
     * static field never outlives the verifier's bounded token lifetime, however long the suite runs.
     */
    public static java.util.Map<String, String> authorization(String... scopes) {
        return new java.util.AbstractMap<>() {
            @Override
            public java.util.Set<Entry<String, String>> entrySet() {
                return java.util.Set.of(java.util.Map.entry("Authorization", bearer(scopes)));
            }
        };
    }

    public static String token(String secret, String subject, Instant issuedAt, Duration ttl, String... scopes) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(InternalTokenContract.ISSUER)
                    .audience(InternalTokenContract.AUDIENCE)
                    .subject(subject)
                    .claim(InternalTokenContract.CLAIM_KIND, InternalTokenContract.KIND_PARTNER)
                    .claim(InternalTokenContract.CLAIM_SCOPE, String.join(" ", scopes))
                    .claim(InternalTokenContract.CLAIM_NAME, "Test partner")
                    .issueTime(Date.from(issuedAt))
                    .expirationTime(Date.from(issuedAt.plus(ttl)))
                    .jwtID(UUID.randomUUID().toString())
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
