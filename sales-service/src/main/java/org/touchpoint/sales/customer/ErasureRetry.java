package org.touchpoint.sales.customer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Completes the erasures a failure left pending (a step that kept failing until its tombstone was dead-lettered, a
 * crash between the fold and the reaction). Every interval it lists the pending erasures and runs those that were
 * already pending at the previous pass; one that fails again stays for the next. Replicas may both run one: every step
 * is idempotent.
 */
class ErasureRetry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ErasureRetry.class);
    static final int MAX_PER_PASS = 100;

    private final Erasures erasures;
    private final ErasureProperties properties;
    private final Counter completed;
    private final Counter failed;
    private final Object passes = new Object();
    private Set<String> pendingBefore = Set.of();
    private ScheduledExecutorService scheduler;

    ErasureRetry(Erasures erasures, ErasureProperties properties, MeterRegistry meters) {
        this.erasures = erasures;
        this.properties = properties;
        this.completed = Counter.builder("crm.sales.erasures.retried").tag("outcome", "completed")
                .description("Pending erasures completed by the retry").register(meters);
        this.failed = Counter.builder("crm.sales.erasures.retried").tag("outcome", "failed")
                .description("Pending erasures the retry could not complete yet").register(meters);
    }

    /** One pass. @return how many pending erasures it completed */
    int pass() {
        synchronized (passes) {
            return passLocked();
        }
    }

    private int passLocked() {
        List<String> pending = erasures.pending(MAX_PER_PASS);
        Set<String> stillPending = new HashSet<>(pending);
        int done = 0;
        for (String customerId : pending) {
            if (!pendingBefore.contains(customerId)) {
                continue; // new: its tombstone's reaction may be running it right now
            }
            try {
                erasures.run(customerId);
                stillPending.remove(customerId);
                completed.increment();
                done++;
            } catch (RuntimeException e) {
                failed.increment();
                log.warn("Erasure of {} is still pending, retried at the next pass: {}", customerId, e.toString());
            }
        }
        pendingBefore = stillPending;
        return done;
    }

    private void safePass() {
        try {
            pass();
        } catch (RuntimeException e) {
            log.warn("Erasure retry pass failed; retrying at the next interval: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        long interval = properties.retryInterval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("erasure-retry").daemon().unstarted(r));
        scheduler.scheduleWithFixedDelay(this::safePass, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
