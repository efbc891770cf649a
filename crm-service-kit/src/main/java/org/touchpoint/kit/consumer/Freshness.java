package org.touchpoint.kit.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code crm.touch.freshness} timer: from a touch's {@code occurredAt} to the moment this service
 * applied it, tagged with the producing service. Published as a histogram so p50/p99 can be computed.
 */
public class Freshness {

    public static final String METRIC = "crm.touch.freshness";

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public Freshness(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    public void record(String source, Instant occurredAt) {
        Duration lag = Duration.between(occurredAt, clock.instant());
        if (lag.isNegative()) {
            lag = Duration.ZERO; // producer clock ahead of ours
        }
        timers.computeIfAbsent(sourceService(source), s -> Timer.builder(METRIC)
                .description("Time from a touch happening to this service applying it")
                .tag("source", s)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters)).record(lag);
    }

    /** {@code /crm/sales-service} → {@code sales-service}. */
    static String sourceService(String source) {
        if (source == null) {
            return "unknown";
        }
        int slash = source.lastIndexOf('/');
        return slash >= 0 ? source.substring(slash + 1) : source;
    }
}
