package org.touchpoint.kit.outbox;

import java.time.Instant;

/**
 * One pending event, stored inside the document that caused it (its {@code outbox} array) by the same
 * single-document write as the state change. {@code data} is the JSON payload; null means a tombstone.
 */
public record OutboxMessage(String eventId, String topic, String key, String type, String source, String subject,
                            Instant time, String traceparent, String data) {
}
