package org.touchpoint.kit.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import org.touchpoint.events.InternalTokenContract;

/** Verifies the gateway's internal token: HS256 signature, issuer, audience, expiry, bounded lifetime. */
public class InternalTokenVerifier {

    private final MACVerifier verifier;
    private final Clock clock;

    public InternalTokenVerifier(String secret, Clock clock) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < InternalTokenContract.MIN_SECRET_BYTES) {
            throw new IllegalStateException("crm.security.internal-token-secret (CRM_INTERNAL_TOKEN_SECRET) must be set to at least "
                    + InternalTokenContract.MIN_SECRET_BYTES + " bytes, the same value as the gateway's");
        }
        try {
            this.verifier = new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable internal token secret", e);
        }
        this.clock = clock;
    }

    /** @throws InvalidTokenException with a reason safe to show the caller */
    public CrmPrincipal verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is not a JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("unexpected token algorithm");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidTokenException("bad token signature");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("bad token signature");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) {
            throw new InvalidTokenException("the token has no expiry or issue time");
        }
        if (exp.toInstant().plus(InternalTokenContract.CLOCK_SKEW).isBefore(now)) {
            throw new InvalidTokenException("the token has expired");
        }
        if (iat.toInstant().minus(InternalTokenContract.CLOCK_SKEW).isAfter(now)
                || exp.toInstant().isAfter(iat.toInstant().plus(InternalTokenContract.MAX_TTL))) {
            throw new InvalidTokenException("the token's lifetime is not acceptable");
        }
        if (!InternalTokenContract.ISSUER.equals(claims.getIssuer())
                || claims.getAudience() == null || !claims.getAudience().contains(InternalTokenContract.AUDIENCE)) {
            throw new InvalidTokenException("the token was not issued for the services");
        }
        try {
            String kind = claims.getStringClaim(InternalTokenContract.CLAIM_KIND);
            String scope = claims.getStringClaim(InternalTokenContract.CLAIM_SCOPE);
            String name = claims.getStringClaim(InternalTokenContract.CLAIM_NAME);
            if (claims.getSubject() == null || !(InternalTokenContract.KIND_USER.equals(kind) || InternalTokenContract.KIND_PARTNER.equals(kind))) {
                throw new InvalidTokenException("the token names no principal");
            }
            Set<String> scopes = scope == null || scope.isBlank() ? Set.of()
                    : new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
            return new CrmPrincipal(claims.getSubject(), kind, name == null ? claims.getSubject() : name, scopes);
        } catch (ParseException e) {
            throw new InvalidTokenException("the token's claims have the wrong types");
        }
    }

    /** The token was refused; the message is safe to return to the caller. */
    public static class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String message) {
            super(message);
        }
    }
}
