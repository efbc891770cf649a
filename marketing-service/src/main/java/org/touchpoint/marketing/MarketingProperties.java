package org.touchpoint.marketing;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own settings ({@code crm.marketing.*}).
 *
 * @param publicBaseUrl   where recipients reach the public tracking endpoints (the gateway), e.g. https://crm.example.com
 * @param tracking        lifetime of the signed tracking tokens in emails
 * @param email           sender address and sending pace
 * @param sender          how often the send loop looks for queued messages, batch size and retries
 * @param frequencyCap    at most {@code maxMessages} campaign messages per customer per {@code period}, across campaigns
 * @param urgentPriorities case priorities that count as "urgent" for the open-urgent-case exclusion and segment field
 * @param recommendations thresholds of the co-purchase associations and how long a learned model is reused
 * @param scheduler       how often due scheduled campaigns are looked for, and how many per round
 */
@ConfigurationProperties("crm.marketing")
public record MarketingProperties(
        @DefaultValue("http://localhost:8080") String publicBaseUrl,
        @DefaultValue Tracking tracking,
        @DefaultValue Email email,
        @DefaultValue Sender sender,
        @DefaultValue FrequencyCap frequencyCap,
        @DefaultValue({"urgent", "critical"}) List<String> urgentPriorities,
        @DefaultValue Recommendations recommendations,
        @DefaultValue Scheduler scheduler) {

    public record Tracking(@DefaultValue("P90D") Duration ttl) {
    }

    /** @param ratePerSecond at most this many emails leave per second (per replica) */
    public record Email(@DefaultValue("marketing@touchpoint.example") String from,
                        @DefaultValue("Touchpoint") String fromName,
                        @DefaultValue("10") double ratePerSecond) {
    }

    /** @param maxAttempts after this many failed attempts a message is recorded as failed */
    public record Sender(@DefaultValue("1s") Duration interval, @DefaultValue("100") int batchSize,
                         @DefaultValue("3") int maxAttempts, @DefaultValue("30s") Duration retryBackoff,
                         @DefaultValue("5m") Duration claimLease) {
    }

    public record FrequencyCap(@DefaultValue("3") int maxMessages, @DefaultValue("P7D") Duration period) {
    }

    /**
     * @param minSupport    share of buyers who bought both products (0..1)
     * @param minConfidence share of buyers of A who also bought B (0..1)
     * @param minLift       confidence divided by the share of buyers of B (1 = no association)
     * @param minPairCount  at least this many customers bought both
     * @param refresh       how long a learned model is reused before it is learned again from the customer view
     */
    public record Recommendations(@DefaultValue("0.01") double minSupport, @DefaultValue("0.2") double minConfidence,
                                  @DefaultValue("1.0") double minLift, @DefaultValue("2") int minPairCount,
                                  @DefaultValue("5m") Duration refresh, @DefaultValue("20000") int maxCustomers) {
    }

    public record Scheduler(@DefaultValue("5s") Duration interval, @DefaultValue("20") int batchSize) {
    }
}
