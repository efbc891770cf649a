package org.touchpoint.support.cases;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.support.SupportProperties;

/** Runs the {@link SlaScanner} every {@code crm.support.sla.scan-interval} on every replica (exactly-once per firing). */
@Component
class SlaScheduler {

    private static final Logger log = LoggerFactory.getLogger(SlaScheduler.class);

    private final SlaScanner scanner;
    private final long intervalMillis;
    private ScheduledExecutorService executor;

    SlaScheduler(MongoTemplate mongo, OutboxStore store, Clock clock, SupportProperties properties,
                 io.micrometer.core.instrument.MeterRegistry meters) {
        this.scanner = new SlaScanner(mongo, store, clock, properties.escalationQueue(), properties.sla().batchSize(), meters);
        this.intervalMillis = Math.max(50, properties.sla().scanInterval().toMillis());
    }

    @PostConstruct
    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("sla-scheduler").daemon().unstarted(r));
        executor.scheduleWithFixedDelay(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            scanner.scanOnce();
        } catch (RuntimeException e) {
            log.warn("SLA scan failed; retrying in {} ms: {}", intervalMillis, e.toString());
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
