package org.touchpoint.events;

import java.time.Instant;
import java.util.Objects;

/** A customer's consent for one channel: granted or withdrawn, when, and from where (form, import, unsubscribe link...). */
public record Consent(String status, Instant at, String source) {

    public static final String GRANTED = "granted";
    public static final String WITHDRAWN = "withdrawn";

    public Consent {
        Objects.requireNonNull(status, "status");
        if (!GRANTED.equals(status) && !WITHDRAWN.equals(status)) {
            throw new IllegalArgumentException("consent status must be granted or withdrawn: " + status);
        }
    }

    public boolean granted() {
        return GRANTED.equals(status);
    }
}
