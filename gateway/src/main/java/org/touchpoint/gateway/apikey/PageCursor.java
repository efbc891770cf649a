package org.touchpoint.gateway.apikey;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** Position in the creation-ordered key list, passed to clients as an opaque base64url string. */
record PageCursor(Instant createdAt, String id) {

    static PageCursor after(ApiKey key) {
        return new PageCursor(key.createdAt(), key.id());
    }

    String encode() {
        String raw = createdAt.toEpochMilli() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<PageCursor> decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon <= 0 || colon == raw.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new PageCursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))),
                    raw.substring(colon + 1)));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
