package org.touchpoint.marketing.message;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.security.SignedTokens;
import org.touchpoint.marketing.MarketingProperties;

/**
 * The public links in a message: signed, expiring tokens (one key per kind, so an open token is worthless as
 * a click or unsubscribe token) whose payload is the message id only, never personal data.
 */
@Component
public class TrackingLinks {

    public enum Kind {
        OPEN("marketing-open", "/public/track/o/", ".gif"),
        CLICK("marketing-click", "/public/track/c/", ""),
        UNSUBSCRIBE("marketing-unsubscribe", "/public/track/u/", ""),
        RESPOND("marketing-respond", "/public/track/r/", "");

        final String purpose;
        final String path;
        final String suffix;

        Kind(String purpose, String path, String suffix) {
            this.purpose = purpose;
            this.path = path;
            this.suffix = suffix;
        }
    }

    private final Map<Kind, SignedTokens> tokens = new EnumMap<>(Kind.class);
    private final MarketingProperties properties;
    private final Clock clock;

    TrackingLinks(@Value("${crm.security.internal-token-secret}") String secret, MarketingProperties properties, Clock clock) {
        for (Kind k : Kind.values()) {
            tokens.put(k, SignedTokens.forPurpose(secret, k.purpose, clock));
        }
        this.properties = properties;
        this.clock = clock;
    }

    public String url(Kind kind, String messageId) {
        String base = properties.publicBaseUrl().replaceAll("/+$", "");
        return base + kind.path + token(kind, messageId) + kind.suffix;
    }

    public String token(Kind kind, String messageId) {
        return tokens.get(kind).mint(messageId, clock.instant().plus(properties.tracking().ttl()));
    }

    /** The message id a valid, unexpired token of this kind carries; empty for anything else. */
    public Optional<String> messageId(Kind kind, String token) {
        SignedTokens.Verification v = tokens.get(kind).verify(token);
        return v.valid() ? Optional.of(v.payload()) : Optional.empty();
    }
}
