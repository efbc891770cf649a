package org.touchpoint.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.touchpoint.events.InternalTokenContract;

/**
 * The internal token a service accepts (crm-events {@link InternalTokenContract}), signed with the platform's
 * shared secret exactly as the gateway's {@code InternalTokenIssuer} signs it, for calls around the gateway. Like
 * the gateway, one token is reused until shortly before it expires instead of signing per request.
 */
final class InternalToken {

    private static final Duration TTL = Duration.ofMinutes(2);
    private static final Duration REUSE_FOR = Duration.ofSeconds(90);

    private final MACSigner signer;
    private final String subject;
    private final List<String> scopes;
    private String token;
    private Instant signedAt = Instant.MIN;

    InternalToken(String secret, String subject, List<String> scopes) {
        try {
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable internal token secret", e);
        }
        this.subject = subject;
        this.scopes = List.copyOf(scopes);
    }

    /** {@code Bearer <jwt>}, a fresh one once the current one is {@link #REUSE_FOR} old. */
    synchronized String authorization() {
        Instant now = Instant.now();
        if (token == null || now.isAfter(signedAt.plus(REUSE_FOR))) {
            token = sign(now);
            signedAt = now;
        }
        return InternalTokenContract.BEARER_PREFIX + token;
    }

    private String sign(Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(InternalTokenContract.ISSUER)
                .audience(InternalTokenContract.AUDIENCE)
                .subject(subject)
                .claim(InternalTokenContract.CLAIM_KIND, InternalTokenContract.KIND_PARTNER)
                .claim(InternalTokenContract.CLAIM_SCOPE, String.join(" ", scopes))
                .claim(InternalTokenContract.CLAIM_NAME, "bench")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TTL)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the internal token", e);
        }
        return jwt.serialize();
    }
}
