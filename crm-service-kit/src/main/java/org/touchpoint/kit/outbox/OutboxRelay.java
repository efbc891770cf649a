package org.touchpoint.kit.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.touchpoint.events.EventCodec;

/**
 * Publishes outbox events: right after a write (fast path) and, every {@code crm.outbox.relay-interval},
 * whatever is still pending (Kafka was down, the process died between write and publish).
 *
 * <p>Safe with several replicas: a replica first claims a document with findAndModify and a lease, so one
 * document's events are published by one replica at a time and in order; an expired lease (a dead
 * replica) is taken over. After Kafka acknowledges, the published ids are pulled from the document.
 * Delivery is at least once (a crash after the send and before the pull re-sends); consumers dedupe by
 * event id.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** The W3C header Micrometer's Kafka listener observation reads to continue a trace. */
    static final String W3C_TRACEPARENT = "traceparent";
    private static final String PENDING = OutboxDocument.OUTBOX_FIELD + ".eventId";

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final OutboxProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> pendingGauges = new ConcurrentHashMap<>();
    private volatile List<String> collections = List.of();
    private ScheduledExecutorService scheduler;
    private ScheduledExecutorService gauges;
    private static final java.time.Duration GAUGE_REFRESH = java.time.Duration.ofSeconds(5);
    /** Consecutive relay passes that Kafka failed, and when the next may run (exponential backoff). */
    private int failedPasses;
    private Instant nextPassAt = Instant.EPOCH;
    private ExecutorService fastPath;
    private volatile boolean running;
    private final Runnable declareTopics;
    private final java.util.concurrent.atomic.AtomicBoolean declaring = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param declareTopics declares the service's topics (KafkaAdmin); run when a send fails, because a service
     *                      that started while Kafka was down never declared them
     */
    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, byte[]> kafka, EventCodec codec,
                       OutboxProperties properties, Clock clock, MeterRegistry meters, Runnable declareTopics) {
        this.declareTopics = declareTopics;
        this.mongo = mongo;
        this.kafka = kafka;
        this.codec = codec;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void start() {
        collections = discoverOutboxCollections();
        for (String collection : collections) {
            mongo.indexOps(collection).createIndex(new Index(PENDING, Sort.Direction.ASC).sparse().named("outbox_pending"));
            AtomicLong gauge = new AtomicLong();
            pendingGauges.put(collection, gauge);
            Gauge.builder("crm.outbox.pending", gauge, AtomicLong::get)
                    .description("Events written to an outbox and not yet acknowledged by Kafka")
                    .tag("collection", collection)
                    .register(meters);
        }
        fastPath = Executors.newVirtualThreadPerTaskExecutor();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("outbox-relay").daemon().unstarted(r));
        long interval = properties.relayInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::relayPass, interval, interval, TimeUnit.MILLISECONDS);
        gauges = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("outbox-gauge").daemon().unstarted(r));
        gauges.scheduleWithFixedDelay(this::refreshGauges, 0, GAUGE_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
        log.info("Outbox relay started for {}", collections);
    }

    /**
     * Lets the publishing in progress finish (no interrupts: an interrupted MongoDB call would leave a lease held
     * and acknowledged ids unpulled); what is still pending stays in the documents for the next start.
     */
    @Override
    public void stop() {
        running = false;
        long waitMs = properties.sendTimeout().toMillis();
        for (ExecutorService executor : new ExecutorService[] {gauges, scheduler, fastPath}) {
            if (executor != null) {
                executor.shutdown();
            }
        }
        for (ExecutorService executor : new ExecutorService[] {scheduler, fastPath}) {
            try {
                if (executor != null && !executor.awaitTermination(waitMs, TimeUnit.MILLISECONDS)) {
                    log.warn("Outbox publishing still running at shutdown; leases expire and another replica resumes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Below the web server's phases: the relay stops only after the server has drained its requests (their
     * fast-path publishing included), and before the Kafka and MongoDB clients are destroyed.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** The fast path: publish this document's outbox now, off the caller's thread. */
    public void publishSoon(String collection, String id) {
        if (!running) {
            return;
        }
        try {
            fastPath.execute(() -> drain(collection, id));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Fast path closed; the relay will publish {}/{}", collection, id);
        }
    }

    /**
     * One pass over every outbox collection: claim and publish what is pending. When Kafka fails, the pass ends
     * there and the next one waits, doubling up to {@code crm.outbox.max-backoff}, instead of trying every
     * document against a broker that is down.
     */
    public void relayPass() {
        Instant now = clock.instant();
        if (now.isBefore(nextPassAt)) {
            return;
        }
        boolean kafkaFailed = false;
        for (String collection : collections) {
            try {
                Query pending = Query.query(claimable(now)).limit(properties.batchSize());
                pending.fields().include("_id");
                for (Document doc : mongo.find(pending, Document.class, collection)) {
                    if (!running || kafkaFailed) {
                        break;
                    }
                    kafkaFailed = !drain(collection, String.valueOf(doc.get("_id")));
                }
            } catch (RuntimeException e) {
                log.warn("Outbox relay pass over {} failed: {}", collection, e.toString());
            }
        }
        if (kafkaFailed) {
            failedPasses++;
            long backoff = Math.min(properties.maxBackoff().toMillis(),
                    properties.relayInterval().toMillis() << Math.min(failedPasses, 16));
            nextPassAt = clock.instant().plusMillis(backoff);
        } else {
            failedPasses = 0;
            nextPassAt = Instant.EPOCH;
        }
    }

    private void refreshGauges() {
        for (String collection : collections) {
            try {
                pendingGauges.get(collection).set(countPending(collection));
            } catch (RuntimeException e) {
                log.debug("Could not count pending outbox events in {}: {}", collection, e.toString());
            }
        }
    }

    /**
     * Publishes one document's pending events in order, as long as there are some and we can claim it.
     *
     * @return false when Kafka did not acknowledge everything that was sent
     */
    public boolean drain(String collection, String id) {
        while (running) {
            String token = UUID.randomUUID().toString();
            Instant now = clock.instant();
            Query claim = Query.query(Criteria.where("_id").is(id).andOperator(claimable(now)));
            claim.fields().include(OutboxDocument.OUTBOX_FIELD);
            Document claimed = mongo.findAndModify(claim,
                    new Update().set(OutboxDocument.LEASE_FIELD, new OutboxLease(token, now.plus(properties.lease()))),
                    FindAndModifyOptions.options().returnNew(true), Document.class, collection);
            if (claimed == null) {
                return true; // nothing pending, or another replica is publishing it
            }
            List<OutboxMessage> messages = readOutbox(claimed);
            List<String> published = publishInOrder(messages);
            Update release = new Update().unset(OutboxDocument.LEASE_FIELD);
            if (!published.isEmpty()) {
                release.pull(OutboxDocument.OUTBOX_FIELD, Query.query(Criteria.where("eventId").in(published)));
            }
            mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and(OutboxDocument.LEASE_FIELD + ".token").is(token)),
                    release, collection);
            if (published.size() < messages.size()) {
                return false; // Kafka refused: a later relay pass retries
            }
        }
        return true;
    }

    private Criteria claimable(Instant now) {
        return new Criteria().andOperator(
                Criteria.where(PENDING).exists(true),
                new Criteria().orOperator(
                        Criteria.where(OutboxDocument.LEASE_FIELD).is(null),
                        Criteria.where(OutboxDocument.LEASE_FIELD + ".until").lt(now)));
    }

    private List<OutboxMessage> readOutbox(Document doc) {
        List<?> raw = doc.getList(OutboxDocument.OUTBOX_FIELD, Object.class, List.of());
        List<OutboxMessage> messages = new ArrayList<>(raw.size());
        for (Object item : raw) {
            messages.add(mongo.getConverter().read(OutboxMessage.class, (Document) item));
        }
        return messages;
    }

    /** Sends all, then keeps the ids acknowledged before the first failure, so order is kept on retry. */
    private List<String> publishInOrder(List<OutboxMessage> messages) {
        List<CompletableFuture<?>> sends = new ArrayList<>(messages.size());
        try {
            for (OutboxMessage m : messages) {
                sends.add(kafka.send(toRecord(m)));
            }
        } catch (RuntimeException e) {
            log.warn("Kafka refused an outbox event: {}", e.toString());
            redeclareTopicsInBackground();
        }
        List<String> acknowledged = new ArrayList<>();
        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(messages.get(i).eventId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                log.warn("Outbox event {} not acknowledged by Kafka ({}); it stays pending", messages.get(i).eventId(), e.toString());
                redeclareTopicsInBackground();
                break;
            }
        }
        return acknowledged;
    }

    private void redeclareTopicsInBackground() {
        if (declareTopics == null || !running || !declaring.compareAndSet(false, true)) {
            return;
        }
        try {
            fastPath.execute(() -> {
                try {
                    declareTopics.run();
                } catch (RuntimeException e) {
                    log.debug("Topics not declared yet: {}", e.toString());
                } finally {
                    declaring.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            declaring.set(false);
        }
    }

    private ProducerRecord<String, byte[]> toRecord(OutboxMessage m) {
        if (m.data() == null) {
            return new ProducerRecord<>(m.topic(), m.key(), null);
        }
        ProducerRecord<String, byte[]> record = codec.toRecord(m.topic(), m.eventId(), m.source(), m.type(), m.subject(),
                m.time(), m.traceparent(), m.data().getBytes(StandardCharsets.UTF_8));
        if (m.traceparent() != null) {
            record.headers().add(W3C_TRACEPARENT, m.traceparent().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    long countPending(String collection) {
        Aggregation count = Aggregation.newAggregation(
                Aggregation.match(Criteria.where(PENDING).exists(true)),
                Aggregation.project().and(OutboxDocument.OUTBOX_FIELD).size().as("n"),
                Aggregation.group().sum("n").as("total"));
        Document result = mongo.aggregate(count, collection, Document.class).getUniqueMappedResult();
        return result == null ? 0 : ((Number) result.get("total")).longValue();
    }

    /** Total pending events across this service's outbox collections (what the gauge shows, computed now). */
    public long pendingNow() {
        return collections.stream().mapToLong(this::countPending).sum();
    }

    private List<String> discoverOutboxCollections() {
        List<String> found = new ArrayList<>();
        for (MongoPersistentEntity<?> entity : mongo.getConverter().getMappingContext().getPersistentEntities()) {
            if (OutboxDocument.class.isAssignableFrom(entity.getType()) && !found.contains(entity.getCollection())) {
                found.add(entity.getCollection());
            }
        }
        return found;
    }
}
