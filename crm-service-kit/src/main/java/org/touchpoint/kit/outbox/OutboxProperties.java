package org.touchpoint.kit.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.outbox.*}: how the relay re-publishes what the fast path could not.
 *
 * @param relayInterval how often the relay looks for pending events
 * @param lease         how long a replica owns a document's outbox while publishing it; longer than sendTimeout
 * @param batchSize     documents claimed per relay pass and collection
 * @param sendTimeout   how long to wait for Kafka's acknowledgement of a document's events; longer than the
 *                      producer's delivery.timeout.ms (30 s), so a send is never abandoned while still in flight
 * @param maxBackoff    longest pause between relay passes while Kafka keeps failing
 */
@ConfigurationProperties("crm.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration relayInterval,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("200") int batchSize,
        @DefaultValue("35s") Duration sendTimeout,
        @DefaultValue("30s") Duration maxBackoff) {

    public OutboxProperties {
        if (lease.compareTo(sendTimeout) <= 0) {
            throw new IllegalArgumentException("crm.outbox.lease (" + lease + ") must be longer than crm.outbox.send-timeout (" + sendTimeout + ")");
        }
    }
}
