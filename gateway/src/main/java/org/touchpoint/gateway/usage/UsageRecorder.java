package org.touchpoint.gateway.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Counts requests per partner key, route, status and minute in memory ({@link #record}: a map lookup and an
 * increment, no I/O) and writes what was gathered every {@code crm.gateway.usage.flush-interval} as one bulk of
 * {@code $inc} upserts into {@code api_key_usage}: one document per key and minute, {@code counts.<route>.<status>}.
 * Several gateway replicas add to the same documents. Prometheus gets totals by route, status and principal
 * kind ({@code gateway.principal.requests}), never a time series per key.
 */
@Component
public class UsageRecorder {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

    static final String COLLECTION = "api_key_usage";

    record Bucket(String keyId, long minute, String route, int status) {
    }

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;
    private final MeterRegistry meters;
    private final UsageProperties properties;
    private volatile ConcurrentHashMap<Bucket, LongAdder> pending = new ConcurrentHashMap<>();
    private Disposable schedule;

    UsageRecorder(ReactiveMongoTemplate mongo, Clock clock, MeterRegistry meters, UsageProperties properties) {
        this.mongo = mongo;
        this.clock = clock;
        this.meters = meters;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        mongo.indexOps(COLLECTION)
                .createIndex(new Index("minute", Sort.Direction.ASC).named("minute_ttl")
                        .expire(properties.retention()))
                .then(mongo.indexOps(COLLECTION).createIndex(new Index().on("keyId", Sort.Direction.ASC)
                        .on("minute", Sort.Direction.ASC).named("key_minute")))
                .subscribe(null, error -> log.warn("Cannot create the indexes of {}: {}", COLLECTION, error.toString()));
        schedule = Flux.interval(properties.flushInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> flush().onErrorResume(error -> Mono.empty()), 1)
                .subscribe();
    }

    /** Counts one answered request of a partner key; also counts it in Prometheus (without the key). */
    public void record(String keyId, String route, int status, String kind) {
        long minute = clock.millis() / 60_000 * 60_000;
        pending.computeIfAbsent(new Bucket(keyId, minute, route, status), b -> new LongAdder()).increment();
        countInPrometheus(route, status, kind);
    }

    /** Counts a request of a principal that is not a partner key (a user) in Prometheus only. */
    public void countInPrometheus(String route, int status, String kind) {
        counters.computeIfAbsent(new CounterKey(kind, route, status), key -> meters.counter(
                "gateway.principal.requests", "kind", kind, "route", route, "status", Integer.toString(status)))
                .increment();
    }

    /** The counters by their tags, so the hot path neither builds tags nor searches the registry. */
    private final ConcurrentHashMap<CounterKey, io.micrometer.core.instrument.Counter> counters =
            new ConcurrentHashMap<>();

    private record CounterKey(String kind, String route, int status) {
    }

    /** Writes what was gathered so far (one bulk); the counts of a failed write are put back for the next flush. */
    public Mono<Void> flush() {
        ConcurrentHashMap<Bucket, LongAdder> taken = pending;
        pending = new ConcurrentHashMap<>();
        if (taken.isEmpty()) {
            return Mono.empty();
        }
        Map<String, Update> updates = new java.util.LinkedHashMap<>();
        taken.forEach((bucket, count) -> {
            String id = bucket.keyId() + ":" + bucket.minute();
            Update update = updates.computeIfAbsent(id, i -> new Update()
                    .setOnInsert("keyId", bucket.keyId())
                    .setOnInsert("minute", new Date(bucket.minute())));
            update.inc("counts." + bucket.route() + "." + bucket.status(), count.sum());
        });
        org.springframework.data.mongodb.core.ReactiveBulkOperations bulk =
                mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        updates.forEach((id, update) -> bulk.upsert(Query.query(Criteria.where("_id").is(id)), update));
        return bulk
                .execute()
                .doOnError(error -> {
                    log.warn("Could not write usage counts ({} keys and minutes), keeping them for the next flush: {}",
                            updates.size(), error.toString());
                    taken.forEach((bucket, count) ->
                            pending.computeIfAbsent(bucket, b -> new LongAdder()).add(count.sum()));
                })
                .then();
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.dispose();
        }
        try {
            flush().block(Duration.ofSeconds(5));
        }
        catch (RuntimeException e) {
            log.warn("Usage counts of the last {} lost at shutdown: {}", properties.flushInterval(), e.toString());
        }
    }

    /** Per-minute counts of one key between {@code from} (inclusive) and {@code to} (exclusive), oldest first. */
    public Mono<UsageReport> report(String keyId, Instant from, Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        Query query = Query.query(Criteria.where("keyId").is(keyId).and("minute").gte(Date.from(start)).lt(Date.from(to)))
                .with(Sort.by("minute"));
        return mongo.find(query, Document.class, COLLECTION).collectList()
                .map(documents -> UsageReport.of(keyId, from, to, documents));
    }
}
