package org.touchpoint.analytics.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import org.touchpoint.analytics.fold.AccountFold;
import org.touchpoint.analytics.fold.CustomerFold;
import org.touchpoint.analytics.fold.TimelineFold;
import org.touchpoint.analytics.fold.ViewCollections;
import org.touchpoint.analytics.fold.ViewContribution;
import org.touchpoint.analytics.freshness.FreshnessWindow;
import org.touchpoint.events.EventCodec;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldingConsumers;

/**
 * Keeps one folding consumer running per generation the pointer names: the active one (live) and, during a rebuild,
 * the shadow (replaying from the beginning, then following the live stream until it is swapped in and becomes the
 * live one itself). A generation the pointer no longer names has its consumer stopped and, a little later (reads
 * that started on it finish first), its collections dropped. Every replica does the same: each generation's group
 * shares the partitions among the replicas.
 */
@Component
public class GenerationConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GenerationConsumers.class);
    private static final Duration TICK = Duration.ofMillis(500);
    static final Duration DROP_GRACE = Duration.ofSeconds(10);

    private final Generations generations;
    private final FoldingConsumers consumers;
    private final ViewContribution contribution;
    private final EventCodec codec;
    private final FreshnessWindow freshness;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final String service;
    private final Map<Integer, FoldingConsumers.Handle> running = new HashMap<>();
    private final Map<Integer, Instant> retiredAt = new HashMap<>();
    private ScheduledExecutorService ticker;
    private volatile boolean started;

    GenerationConsumers(Generations generations, FoldingConsumers consumers, ViewContribution contribution, EventCodec codec,
                        FreshnessWindow freshness, MongoTemplate mongo, Clock clock,
                        @Value("${spring.application.name}") String service) {
        this.generations = generations;
        this.consumers = consumers;
        this.contribution = contribution;
        this.codec = codec;
        this.freshness = freshness;
        this.mongo = mongo;
        this.clock = clock;
        this.service = service;
    }

    /** The folds of one generation. */
    public List<Fold<?>> folds(int generation) {
        return List.of(new CustomerFold(generation, contribution), new AccountFold(generation), new TimelineFold(generation, codec));
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("analytics-generations").daemon().unstarted(r));
        started = true;
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Applies the pointer now (after this replica changed it), rather than at the next tick. */
    public void refreshNow() {
        if (started) {
            ticker.execute(this::tickSafely);
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Generations not reconciled this time: {}", e.toString());
        }
    }

    synchronized void tick() {
        if (!started) {
            return;
        }
        Generations.Pointer p = generations.refresh();
        Set<Integer> wanted = new TreeSet<>();
        wanted.add(p.active());
        if (p.shadow() != null) {
            wanted.add(p.shadow());
        }
        for (var it = running.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!wanted.contains(e.getKey())) {
                log.info("Generation {} is no longer active: stopping its consumer", e.getKey());
                e.getValue().stop();
                it.remove();
                retiredAt.putIfAbsent(e.getKey(), clock.instant());
            }
        }
        for (int g : wanted) {
            if (!running.containsKey(g)) {
                log.info("Folding generation {} (group {})", g, Generations.groupOf(service, g));
                int generation = g;
                running.put(g, consumers.start(Generations.groupOf(service, g), folds(g),
                        () -> generations.current().active() == generation,
                        t -> freshness.record(TimelineFold.sourceService(t.source()), t.data().occurredAt())));
            }
        }
        dropRetired(wanted);
    }

    /** Drops the collections of generations no longer named, once they have been unnamed for a little while. */
    private void dropRetired(Set<Integer> wanted) {
        Set<Integer> present = new TreeSet<>();
        for (String name : mongo.getCollectionNames()) {
            int g = ViewCollections.generationOf(name);
            if (g >= 0 && !wanted.contains(g)) {
                present.add(g);
            }
        }
        Instant now = clock.instant();
        for (int g : present) {
            Instant since = retiredAt.computeIfAbsent(g, k -> now);
            if (Duration.between(since, now).compareTo(DROP_GRACE) >= 0) {
                log.info("Dropping the collections of retired generation {}", g);
                for (String c : ViewCollections.all(g)) {
                    if (mongo.collectionExists(c)) {
                        mongo.dropCollection(c);
                    }
                }
                retiredAt.remove(g);
            }
        }
    }

    /** The generations this replica folds. */
    public synchronized Set<Integer> folding() {
        return new TreeSet<>(running.keySet());
    }

    @Override
    public synchronized void stop() {
        started = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        running.values().forEach(FoldingConsumers.Handle::stop);
        running.clear();
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
