package org.touchpoint.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring, URL-safe tokens for links that work without a login: tracking pixels, click redirects,
 * unsubscribe links, survey answers. A token is {@code <payload>.<expiry epoch seconds>.<HMAC-SHA256>} in
 * base64url; the payload is an opaque id chosen by the caller (never personal data: it travels in URLs and logs).
 * <p>
 * Each purpose has its own key, derived from the service's internal-token secret by HMAC over the purpose name,
 * so a token minted for one purpose ({@code survey}) is worthless for another ({@code track-click}).
 */
public final class SignedTokens {

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,400}\\.[0-9]{1,12}\\.[A-Za-z0-9_-]{43}");

    private final byte[] key;
    private final Clock clock;

    private SignedTokens(byte[] key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** Tokens for one purpose, keyed from {@code secret} (at least 32 bytes, e.g. crm.security.internal-token-secret). */
    public static SignedTokens forPurpose(String secret, String purpose, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("the secret must be at least 32 bytes");
        }
        return new SignedTokens(hmac(secret.getBytes(StandardCharsets.UTF_8), "touchpoint-signed-token:" + purpose), clock);
    }

    /** A token carrying {@code payload} (an opaque id), valid until {@code expiresAt}. */
    public String mint(String payload, Instant expiresAt) {
        String body = ENCODE.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + expiresAt.getEpochSecond();
        return body + "." + ENCODE.encodeToString(hmac(key, body));
    }

    /** What a presented token says: its payload, or why it is refused. Never throws on bad input. */
    public Verification verify(String token) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return new Verification(Status.INVALID, null, null);
        }
        int lastDot = token.lastIndexOf('.');
        String body = token.substring(0, lastDot);
        byte[] presented = DECODE.decode(token.substring(lastDot + 1));
        if (!MessageDigest.isEqual(presented, hmac(key, body))) {
            return new Verification(Status.INVALID, null, null);
        }
        int firstDot = body.indexOf('.');
        String payload = new String(DECODE.decode(body.substring(0, firstDot)), StandardCharsets.UTF_8);
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(body.substring(firstDot + 1)));
        return new Verification(clock.instant().isAfter(expiresAt) ? Status.EXPIRED : Status.VALID, payload, expiresAt);
    }

    public enum Status { VALID, EXPIRED, INVALID }

    /** {@code payload} and {@code expiresAt} are null when INVALID (a forged token tells nothing). */
    public record Verification(Status status, String payload, Instant expiresAt) {
        public boolean valid() {
            return status == Status.VALID;
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
