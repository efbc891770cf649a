package org.touchpoint.kit.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.outbox.*}: how the relay re-publishes what the fast path could not.
 *
 * @param relayInterval how often the relay looks for pending events
 * @param lease         how long a replica owns a document's outbox while publishing it
 * @param batchSize     documents claimed per relay pass and collection
 * @param sendTimeout   how long to wait for Kafka's acknowledgement of a batch
 */
@ConfigurationProperties("crm.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration relayInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("200") int batchSize,
        @DefaultValue("15s") Duration sendTimeout) {
}
