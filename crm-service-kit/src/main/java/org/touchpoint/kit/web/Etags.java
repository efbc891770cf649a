package org.touchpoint.kit.web;

/**
 * Strong ETags from document versions ({@code "7"}) and If-Match checks. A write whose If-Match names an
 * older version is refused with 412; {@code *} or no If-Match means "whatever the current version is".
 * If-Match uses strong comparison (RFC 9110 §13.1.1): a weak tag ({@code W/"7"}) never matches.
 */
public final class Etags {

    private Etags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** @throws CrmApiException 412 when If-Match is given and names none of the current version */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String current = of(currentVersion);
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().equals(current)) {
                return;
            }
        }
        throw CrmApiException.preconditionFailed("If-Match " + ifMatch.trim() + " does not match the current version " + current);
    }
}
