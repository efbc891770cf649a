package org.touchpoint.kit.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.touchpoint.events.EventCodec;

/**
 * Publishes outbox events, in batches, with reads and writes by {@code _id} only.
 *
 * <ul>
 *   <li><b>Fast path.</b> After a write the store hands the document over ({@link #publishSoon}); publishers take the
 *   documents waiting, read their outboxes with one {@code _id $in} query per collection, send every event in order,
 *   wait for Kafka's acknowledgements, then pull the acknowledged ids from each document in one bulk write.</li>
 *   <li><b>Kafka down.</b> A document whose events were not all acknowledged is remembered in memory and by a small
 *   marker document ({@value #MARKERS}), retried with backoff up to {@code crm.outbox.max-backoff}, by this replica or,
 *   after a restart, by any.</li>
 *   <li><b>Crash between the write and the publish.</b> Nothing but the document knows: a sweep of the outbox
 *   collections at start-up and every {@code crm.outbox.sweep-interval} finds documents with pending events (on real
 *   MongoDB through the sparse index on {@code outbox.eventId}; on the embedded server a scan, which is why it is not
 *   run on every pass).</li>
 *   <li><b>An event Kafka refuses for good</b> (too large, an invalid topic, not authorised): moved from the outbox to
 *   the document's {@code outboxParked} list with the reason, logged and counted ({@code crm.outbox.parked}); the
 *   events behind it go on.</li>
 * </ul>
 * Delivery is at least once (a crash after the send and before the pull sends again; two replicas may publish the same
 * document at once); consumers dedupe by event id. Each publisher sends a document's pending events from the oldest, so
 * the first delivery of each event is in order.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** The W3C header Micrometer's Kafka listener observation reads to continue a trace. */
    static final String W3C_TRACEPARENT = "traceparent";
    static final String MARKERS = "outbox_pending";
    static final String PARKED_FIELD = "outboxParked";
    private static final String PENDING = OutboxDocument.OUTBOX_FIELD + ".eventId";
    private static final int PUBLISHERS = 2;
    private static final int READ_CHUNK = 500;
    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final OutboxProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Runnable declareTopics;
    private final LinkedBlockingQueue<DocKey> queue = new LinkedBlockingQueue<>();
    private final Set<DocKey> queued = ConcurrentHashMap.newKeySet();
    private final Set<DocKey> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<DocKey> again = ConcurrentHashMap.newKeySet();
    /** Documents whose events Kafka did not acknowledge, and when to try again. */
    private final Map<DocKey, Instant> retries = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> pendingGauges = new ConcurrentHashMap<>();
    private final AtomicLong markers = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean declaring = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile List<String> collections = List.of();
    private volatile int failures;
    private volatile Instant lastSweep = Instant.EPOCH;
    private ExecutorService publishers;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;
    private Counter parked;

    record DocKey(String collection, String id) {
    }

    /**
     * @param declareTopics declares the service's topics (KafkaAdmin); run when a send fails, because a service that
     *                      started while Kafka was down never declared them
     */
    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, byte[]> kafka, EventCodec codec,
                       OutboxProperties properties, Clock clock, MeterRegistry meters, Runnable declareTopics) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.codec = codec;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.declareTopics = declareTopics;
    }

    @Override
    public void start() {
        collections = discoverOutboxCollections();
        for (String collection : collections) {
            // Real MongoDB finds the pending documents of a sweep through it; the embedded server ignores it.
            mongo.indexOps(collection).createIndex(new Index(PENDING, Sort.Direction.ASC).sparse().named("outbox_pending"));
            AtomicLong gauge = new AtomicLong();
            pendingGauges.put(collection, gauge);
            Gauge.builder("crm.outbox.pending", gauge, AtomicLong::get)
                    .description("Documents whose events are written to their outbox and not yet acknowledged by Kafka")
                    .tag("collection", collection)
                    .register(meters);
        }
        parked = Counter.builder("crm.outbox.parked").description("Outbox events Kafka refused for good, parked in their document")
                .register(meters);
        running = true;
        publishers = Executors.newFixedThreadPool(PUBLISHERS, r -> Thread.ofPlatform().name("outbox-publisher").daemon().unstarted(r));
        for (int i = 0; i < PUBLISHERS; i++) {
            publishers.execute(this::publishLoop);
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("outbox-relay").daemon().unstarted(r));
        long interval = properties.relayInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::relayPass, 0, interval, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::refreshGauges, 0, GAUGE_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Outbox relay started for {}", collections);
    }

    /**
     * Lets the batch in progress finish (no interrupts: an interrupted MongoDB call would leave acknowledged ids unpulled);
     * what is still pending stays in the documents for the next start.
     */
    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdown();
        }
        if (publishers != null) {
            publishers.shutdown();
            try {
                if (!publishers.awaitTermination(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Outbox publishing still running at shutdown; the next start (or sweep) resumes it");
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

    /** Below the web server's phases: stops after the server drained its requests, before the clients are destroyed. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** The fast path: publish this document's outbox now, off the caller's thread. */
    public void publishSoon(String collection, String id) {
        if (running) {
            enqueue(new DocKey(collection, id));
        }
    }

    private void enqueue(DocKey key) {
        if (inFlight.contains(key)) {
            again.add(key); // published again once the batch holding it is done: its new events are not in that batch
        } else if (queued.add(key)) {
            queue.add(key);
        }
    }

    private void publishLoop() {
        List<DocKey> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                DocKey first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, properties.batchSize() - 1);
                batch.forEach(k -> {
                    queued.remove(k);
                    inFlight.add(k);
                });
                try {
                    publish(batch);
                } finally {
                    for (DocKey k : batch) {
                        inFlight.remove(k);
                        if (again.remove(k)) {
                            enqueue(k);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Outbox batch failed ({}); its documents are retried", e.toString());
                batch.forEach(k -> retryLater(k, true));
            }
        }
    }

    /** Publishes the pending events of these documents: one read per collection, all sends, one bulk pull per collection. */
    void publish(List<DocKey> batch) {
        Map<String, List<String>> byCollection = new LinkedHashMap<>();
        batch.forEach(k -> byCollection.computeIfAbsent(k.collection(), c -> new ArrayList<>()).add(k.id()));
        for (Map.Entry<String, List<String>> e : byCollection.entrySet()) {
            publishCollection(e.getKey(), e.getValue());
        }
    }

    private void publishCollection(String collection, List<String> ids) {
        Map<String, List<OutboxMessage>> outboxes = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += READ_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + READ_CHUNK));
            Query q = chunk.size() == 1 ? Query.query(Criteria.where("_id").is(chunk.getFirst())) : Query.query(Criteria.where("_id").in(chunk));
            q.fields().include(OutboxDocument.OUTBOX_FIELD);
            for (Document d : mongo.find(q, Document.class, collection)) {
                List<OutboxMessage> messages = readOutbox(d);
                if (!messages.isEmpty()) {
                    outboxes.put(String.valueOf(d.get("_id")), messages);
                }
            }
        }
        Set<String> done = new LinkedHashSet<>(ids);
        done.removeAll(outboxes.keySet());
        if (outboxes.isEmpty()) {
            clearMarkers(collection, done);
            return;
        }
        // Send everything, in order per document, then wait for the acknowledgements.
        Map<String, List<CompletableFuture<?>>> sends = new LinkedHashMap<>();
        boolean refused = false;
        for (Map.Entry<String, List<OutboxMessage>> doc : outboxes.entrySet()) {
            List<CompletableFuture<?>> futures = new ArrayList<>();
            for (OutboxMessage m : doc.getValue()) {
                try {
                    futures.add(kafka.send(toRecord(m)));
                } catch (RuntimeException e) {
                    futures.add(CompletableFuture.failedFuture(e));
                    refused = true;
                }
            }
            sends.put(doc.getKey(), futures);
        }
        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
        int updates = 0;
        Set<String> incomplete = new LinkedHashSet<>();
        for (Map.Entry<String, List<CompletableFuture<?>>> doc : sends.entrySet()) {
            List<OutboxMessage> messages = outboxes.get(doc.getKey());
            List<String> acknowledged = new ArrayList<>();
            List<Document> parkedHere = new ArrayList<>();
            boolean stopped = false;
            for (int i = 0; i < messages.size(); i++) {
                OutboxMessage m = messages.get(i);
                Throwable failure = await(doc.getValue().get(i), deadline);
                if (stopped) {
                    continue; // after a retriable failure the rest waits, to keep the order of first deliveries
                }
                if (failure == null) {
                    acknowledged.add(m.eventId());
                } else if (isPermanent(failure)) {
                    Throwable cause = permanentCause(failure);
                    String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                    log.error("Kafka refused outbox event {} ({} of {} {}) for good: {}; it is parked in the document", m.eventId(), m.type(),
                            collection, doc.getKey(), reason);
                    parkedHere.add(new Document("eventId", m.eventId()).append("type", m.type()).append("topic", m.topic())
                            .append("reason", reason).append("at", Date.from(clock.instant())));
                    parked.increment();
                } else {
                    log.warn("Outbox event {} not acknowledged by Kafka ({}); it stays pending", m.eventId(), failure.toString());
                    stopped = true;
                    refused = true;
                }
            }
            if (!acknowledged.isEmpty() || !parkedHere.isEmpty()) {
                List<String> gone = new ArrayList<>(acknowledged);
                parkedHere.forEach(p -> gone.add(p.getString("eventId")));
                Update u = new Update().pull(OutboxDocument.OUTBOX_FIELD, Query.query(Criteria.where("eventId").in(gone)));
                if (!parkedHere.isEmpty()) {
                    u.push(PARKED_FIELD).each(parkedHere.toArray());
                }
                bulk.updateOne(Query.query(Criteria.where("_id").is(doc.getKey())), u);
                updates++;
            }
            if (stopped) {
                incomplete.add(doc.getKey());
            } else {
                done.add(doc.getKey());
            }
        }
        if (updates > 0) {
            bulk.execute();
        }
        if (refused) {
            redeclareTopicsInBackground();
        }
        failures = incomplete.isEmpty() ? 0 : failures + 1;
        incomplete.forEach(id -> retryLater(new DocKey(collection, id), true));
        done.forEach(id -> retries.remove(new DocKey(collection, id)));
        clearMarkers(collection, done);
    }

    private static Throwable await(CompletableFuture<?> send, long deadline) {
        try {
            send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    private static Throwable permanentCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.KafkaException && !(t instanceof RetriableException)) {
                return t;
            }
        }
        return failure;
    }

    /** Kafka will never accept this record as it is (as opposed to a broker that is down or slow). */
    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return false;
            }
            if (t instanceof org.apache.kafka.common.errors.RecordTooLargeException
                    || t instanceof org.apache.kafka.common.errors.InvalidTopicException
                    || t instanceof org.apache.kafka.common.errors.TopicAuthorizationException
                    || t instanceof org.apache.kafka.common.errors.SerializationException
                    || t instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private void retryLater(DocKey key, boolean mark) {
        long backoff = Math.min(properties.maxBackoff().toMillis(), properties.relayInterval().toMillis() << Math.min(failures, 16));
        retries.put(key, clock.instant().plusMillis(backoff));
        if (mark) {
            try {
                mongo.upsert(Query.query(Criteria.where("_id").is(markerId(key))),
                        new Update().set("collection", key.collection()).set("docId", key.id()).setOnInsert("since", Date.from(clock.instant())),
                        MARKERS);
            } catch (RuntimeException e) {
                log.debug("Marker of {} not written: {}", key, e.toString());
            }
        }
    }

    private void clearMarkers(String collection, Set<String> ids) {
        if (ids.isEmpty() || markers.get() == 0 && retries.isEmpty()) {
            return;
        }
        List<String> markerIds = ids.stream().map(id -> markerId(new DocKey(collection, id))).toList();
        mongo.remove(Query.query(Criteria.where("_id").in(markerIds)), MARKERS);
    }

    private static String markerId(DocKey key) {
        return key.collection() + "/" + key.id();
    }

    /**
     * Every relay interval: the documents due for a retry, the markers any replica left (after a restart), and, at
     * start-up and then every sweep interval, a sweep of the outbox collections for what a crash left behind.
     */
    public void relayPass() {
        if (!running) {
            return;
        }
        try {
            Instant now = clock.instant();
            retries.forEach((key, at) -> {
                if (!at.isAfter(now)) {
                    enqueue(key);
                }
            });
            for (Document m : mongo.findAll(Document.class, MARKERS)) {
                DocKey key = new DocKey(m.getString("collection"), m.getString("docId"));
                if (key.collection() != null && key.id() != null && !retries.containsKey(key)) {
                    enqueue(key);
                }
            }
            if (Duration.between(lastSweep, now).compareTo(properties.sweepInterval()) >= 0) {
                lastSweep = now;
                sweep();
            }
        } catch (RuntimeException e) {
            log.warn("Outbox relay pass failed: {}", e.toString());
        }
    }

    /** Finds every document with pending events (a crash between a write and its publish), in pages by {@code _id}. */
    public int sweep() {
        int found = 0;
        for (String collection : collections) {
            Object after = null;
            while (running) {
                Criteria c = Criteria.where(PENDING).exists(true);
                if (after != null) {
                    c = c.and("_id").gt(after);
                }
                Query q = Query.query(c).with(Sort.by("_id")).limit(properties.batchSize());
                q.fields().include("_id");
                List<Document> page = mongo.find(q, Document.class, collection);
                page.forEach(d -> enqueue(new DocKey(collection, String.valueOf(d.get("_id")))));
                found += page.size();
                if (page.size() < properties.batchSize()) {
                    break;
                }
                after = page.getLast().get("_id");
            }
        }
        if (found > 0) {
            log.info("Outbox sweep found {} document(s) with events still pending", found);
        }
        return found;
    }

    private void refreshGauges() {
        try {
            Map<String, Long> counts = new HashMap<>();
            for (DocKey k : queued) {
                counts.merge(k.collection(), 1L, Long::sum);
            }
            for (DocKey k : inFlight) {
                counts.merge(k.collection(), 1L, Long::sum);
            }
            retries.keySet().forEach(k -> counts.merge(k.collection(), 1L, Long::sum));
            long markerCount = 0;
            for (Document m : mongo.findAll(Document.class, MARKERS)) {
                markerCount++;
                DocKey key = new DocKey(m.getString("collection"), m.getString("docId"));
                if (!retries.containsKey(key)) {
                    counts.merge(key.collection(), 1L, Long::sum);
                }
            }
            markers.set(markerCount);
            pendingGauges.forEach((collection, gauge) -> gauge.set(counts.getOrDefault(collection, 0L)));
        } catch (RuntimeException e) {
            log.debug("Could not count pending outbox documents: {}", e.toString());
        }
    }

    /** Documents with events not yet acknowledged that this replica knows of (waiting, in flight, to retry, marked). */
    public long pendingNow() {
        refreshGauges();
        return pendingGauges.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private void redeclareTopicsInBackground() {
        if (declareTopics == null || !running || !declaring.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            try {
                declareTopics.run();
            } catch (RuntimeException e) {
                log.debug("Topics not declared yet: {}", e.toString());
            } finally {
                declaring.set(false);
            }
        });
    }

    private List<OutboxMessage> readOutbox(Document doc) {
        List<?> raw = doc.getList(OutboxDocument.OUTBOX_FIELD, Object.class, List.of());
        List<OutboxMessage> messages = new ArrayList<>(raw.size());
        for (Object item : raw) {
            messages.add(mongo.getConverter().read(OutboxMessage.class, (Document) item));
        }
        return messages;
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
