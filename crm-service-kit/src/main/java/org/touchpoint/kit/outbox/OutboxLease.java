package org.touchpoint.kit.outbox;

import java.time.Instant;

/** Who is publishing a document's outbox, until when. Another replica takes over once it expires. */
public record OutboxLease(String token, Instant until) {
}
