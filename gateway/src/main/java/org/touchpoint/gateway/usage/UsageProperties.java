package org.touchpoint.gateway.usage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Usage metering per partner key, prefix {@code crm.gateway.usage}.
 *
 * @param flushInterval how often the counts gathered in memory are written to MongoDB (one bulk write)
 * @param maxRange      longest {@code from}..{@code to} span a usage query may ask for
 * @param retention     how long per-minute counts are kept (a TTL index removes older ones)
 */
@ConfigurationProperties("crm.gateway.usage")
public record UsageProperties(@DefaultValue("10s") Duration flushInterval,
                              @DefaultValue("31d") Duration maxRange,
                              @DefaultValue("400d") Duration retention) {
}
