package org.touchpoint.gateway.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.stereotype.Component;
import org.touchpoint.events.InternalTokenContract;
import org.touchpoint.gateway.GatewayProperties;

/**
 * Signs the internal token (HS256) the services accept, and reuses one token per principal until shortly
 * before it expires instead of signing per request.
 */
@Component
public class InternalTokenIssuer {

    /** A cached token is replaced this long before its expiry (or after half its lifetime if that is shorter). */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);

    private final JWSSigner signer;
    private final Duration ttl;
    private final Duration reuseFor;
    private final Clock clock;
    private final Cache<Principal, String> tokens;

    InternalTokenIssuer(GatewayProperties properties, Clock clock) {
        GatewayProperties.InternalToken config = properties.internalToken();
        try {
            this.signer = new MACSigner(config.secretBytes());
        }
        catch (JOSEException e) {
            throw new IllegalArgumentException("crm.gateway.internal-token.secret is not a usable HS256 key", e);
        }
        this.ttl = config.ttl();
        Duration half = ttl.dividedBy(2);
        this.reuseFor = ttl.minus(REFRESH_MARGIN.compareTo(half) < 0 ? REFRESH_MARGIN : half);
        this.clock = clock;
        this.tokens = Caffeine.newBuilder()
                .maximumSize(50_000)
                .expireAfterWrite(reuseFor)
                .build();
    }

    /** A signed token for the principal: a cached one while it has more than the refresh margin left. */
    public String tokenFor(Principal principal) {
        return tokens.get(principal, this::sign);
    }

    String sign(Principal principal) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(InternalTokenContract.ISSUER)
                .audience(InternalTokenContract.AUDIENCE)
                .subject(principal.subject())
                .claim(InternalTokenContract.CLAIM_KIND, principal.kind())
                .claim(InternalTokenContract.CLAIM_SCOPE, String.join(" ", principal.scopes()))
                .claim(InternalTokenContract.CLAIM_NAME, principal.name())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(signer);
        }
        catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign the internal token", e);
        }
        return jwt.serialize();
    }
}
