package org.touchpoint.support;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's settings ({@code crm.support.*}).
 *
 * @param queues        the queues a case may sit in; {@code escalations} receives escalated cases
 * @param tiers         support tiers from lowest to highest (the order decides what an upgrade is)
 * @param defaultTier   the tier of a customer without a valid entitlement
 * @param defaultQueue  the queue of a case opened without one
 * @param publicBaseUrl where customers reach the public survey links (the gateway)
 */
@ConfigurationProperties("crm.support")
public record SupportProperties(
        @DefaultValue({"general", "technical", "billing", "escalations"}) List<String> queues,
        @DefaultValue({"basic", "standard", "premium"}) List<String> tiers,
        @DefaultValue("basic") String defaultTier,
        @DefaultValue("general") String defaultQueue,
        @DefaultValue("escalations") String escalationQueue,
        @DefaultValue("http://localhost:8080") String publicBaseUrl,
        @DefaultValue Survey survey,
        @DefaultValue Sla sla,
        @DefaultValue Context context) {

    /** @param ttl how long a satisfaction survey link stays valid */
    public record Survey(@DefaultValue("P14D") Duration ttl) {
    }

    /**
     * @param scanInterval how often the scheduler looks for due SLA warnings and breaches (an indexed query)
     * @param batchSize    cases handled per query
     * @param warnAt       the share of a target after which {@code sla.warning} is published
     */
    public record Sla(@DefaultValue("1s") Duration scanInterval, @DefaultValue("100") int batchSize,
                      @DefaultValue("0.8") double warnAt) {
    }

    /** @param recentTouches how many recent touches the agent's context shows */
    public record Context(@DefaultValue("10") int recentTouches) {
    }
}
