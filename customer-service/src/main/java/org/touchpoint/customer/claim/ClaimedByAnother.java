package org.touchpoint.customer.claim;

/**
 * The value belongs to another document: it holds it ({@code held}), or its write that takes it is in flight.
 * A domain refusal, not an HTTP one: the feature that asked turns it into its answer (a 409, a link, a retry).
 */
public class ClaimedByAnother extends RuntimeException {

    private final String value;
    private final String holder;
    private final boolean held;

    ClaimedByAnother(String value, String holder, boolean held) {
        super(value + (held ? " belongs to " : " is being taken by ") + holder);
        this.value = value;
        this.holder = holder;
        this.held = held;
    }

    public String value() {
        return value;
    }

    public String holder() {
        return holder;
    }

    /** True when the holder holds the value now; false when its write is still in flight (ask again shortly). */
    public boolean held() {
        return held;
    }
}
