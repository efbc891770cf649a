package org.touchpoint.kit.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.outbox.*}: how the relay publishes, and re-publishes what the fast path could not.
 *
 * @param relayInterval how often the relay retries what Kafka did not acknowledge and reads the markers
 * @param batchSize     documents published per batch (and per page of a sweep)
 * @param sendTimeout   how long to wait for Kafka's acknowledgement of a batch's events; longer than the producer's
 *                      delivery.timeout.ms (30 s), so a send is never abandoned while still in flight
 * @param maxBackoff    longest pause before retrying a document while Kafka keeps failing
 * @param sweepInterval how often the outbox collections are swept for events a crash left behind (also at start-up)
 */
@ConfigurationProperties("crm.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration relayInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("35s") Duration sendTimeout,
        @DefaultValue("30s") Duration maxBackoff,
        @DefaultValue("10m") Duration sweepInterval) {
}
