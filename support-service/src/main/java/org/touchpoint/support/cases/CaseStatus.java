package org.touchpoint.support.cases;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The case's status machine: which status may follow which. Anything else is 409. */
final class CaseStatus {

    static final String NEW = "new";
    static final String OPEN = "open";
    static final String PENDING_CUSTOMER = "pending-customer";
    static final String RESOLVED = "resolved";
    static final String CLOSED = "closed";
    static final String REOPENED = "reopened";

    static final List<String> ALL = List.of(NEW, OPEN, PENDING_CUSTOMER, RESOLVED, CLOSED, REOPENED);

    private static final Map<String, Set<String>> NEXT = Map.of(
            NEW, Set.of(OPEN, PENDING_CUSTOMER, RESOLVED, CLOSED),
            OPEN, Set.of(PENDING_CUSTOMER, RESOLVED, CLOSED),
            PENDING_CUSTOMER, Set.of(OPEN, RESOLVED, CLOSED),
            RESOLVED, Set.of(CLOSED, REOPENED),
            CLOSED, Set.of(),
            REOPENED, Set.of(OPEN, PENDING_CUSTOMER, RESOLVED, CLOSED));

    private CaseStatus() {
    }

    static boolean allowed(String from, String to) {
        return NEXT.getOrDefault(from, Set.of()).contains(to);
    }

    static Set<String> next(String from) {
        return NEXT.getOrDefault(from, Set.of());
    }

    /** Statuses in which the case is being worked (not resolved or closed). */
    static boolean active(String status) {
        return !RESOLVED.equals(status) && !CLOSED.equals(status);
    }
}
