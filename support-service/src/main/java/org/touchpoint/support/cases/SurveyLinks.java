package org.touchpoint.support.cases;

import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.security.SignedTokens;
import org.touchpoint.support.SupportProperties;

/** Signed, expiring survey links (purpose {@code survey}, payload the case id) under the public base URL. */
@Component
class SurveyLinks {

    private final SignedTokens tokens;
    private final SupportProperties properties;
    private final Clock clock;

    SurveyLinks(@Value("${crm.security.internal-token-secret}") String secret, SupportProperties properties, Clock clock) {
        this.tokens = SignedTokens.forPurpose(secret, "survey", clock);
        this.properties = properties;
        this.clock = clock;
    }

    record Link(String token, String url, Instant expiresAt) {
    }

    Link issue(String caseId) {
        Instant expiresAt = clock.instant().plus(properties.survey().ttl());
        String token = tokens.mint(caseId, expiresAt);
        String base = properties.publicBaseUrl().endsWith("/")
                ? properties.publicBaseUrl().substring(0, properties.publicBaseUrl().length() - 1) : properties.publicBaseUrl();
        return new Link(token, base + "/public/surveys/" + token, expiresAt);
    }

    SignedTokens.Verification verify(String token) {
        return tokens.verify(token);
    }
}
