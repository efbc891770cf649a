package org.touchpoint.kit.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A page of a list: {@code {"items": [...], "nextCursor": "..."}}; nextCursor is null on the last page.
 * Cursors are opaque to clients (base64url of the last id seen).
 */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static String encodeCursor(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws CrmApiException 400 naming {@code cursor} when it was not made by {@link #encodeCursor} */
    public static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith("v1:") && s.length() > 3) {
                return s.substring(3);
            }
        } catch (IllegalArgumentException ignored) {
            // fall through
        }
        throw CrmApiException.badRequest("cursor", "is not a cursor returned by this API");
    }

    /** @throws CrmApiException 400 naming {@code limit} when outside 1..{@value #MAX_LIMIT} */
    public static int checkLimit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw CrmApiException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}
