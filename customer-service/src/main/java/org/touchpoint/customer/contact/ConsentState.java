package org.touchpoint.customer.contact;

import java.time.Instant;

/** Consent on one channel, when it was given or withdrawn, and from where. */
public record ConsentState(String status, Instant at, String source) {
}
