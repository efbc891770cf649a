package org.touchpoint.kit.web;

import java.util.function.Supplier;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Strong ETags from document versions ({@code "7"}) and If-Match checks. A write whose If-Match names an
 * older version is refused with 412; {@code *} or no If-Match means "whatever the current version is".
 * If-Match uses strong comparison (RFC 9110 §13.1.1): a weak tag ({@code W/"7"}) never matches.
 */
public final class Etags {

    /** Attempts of an unconditional write that keeps losing races: each loss is another writer's success. */
    static final int UNCONDITIONAL_ATTEMPTS = 5;

    private Etags() {
    }

    /**
     * Runs a read-check-modify-write ({@code readCheckWrite} reads the document, calls {@link #requireMatch}, changes
     * it and saves it with its version). A conditional write (If-Match naming a version) runs once: losing a race is
     * the client's 412. An unconditional one (no If-Match, or {@code *}) means "whatever the current version is", so
     * when another write lands between its read and its save it is read and applied again, up to
     * {@value #UNCONDITIONAL_ATTEMPTS} times: the last writer wins instead of a 409. Only for writes that may be
     * repeated: everything with side effects beyond the document (other documents, messages) goes after it.
     */
    public static <T> T write(String ifMatch, Supplier<T> readCheckWrite) {
        boolean conditional = ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*");
        int attempts = conditional ? 1 : UNCONDITIONAL_ATTEMPTS;
        for (int attempt = 1; ; attempt++) {
            try {
                return readCheckWrite.get();
            } catch (OptimisticLockingFailureException lostRace) {
                if (attempt >= attempts) {
                    throw lostRace;
                }
            }
        }
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
