package org.touchpoint.kit.folding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.touchpoint.kit.KafkaKitAutoConfiguration;

/**
 * Applies a batch of events to one {@link Fold}: the events are grouped by the view they change, every view is
 * read once (by {@code _id}, in chunks), folded in memory in event order, and written once, all of them in one
 * unordered bulk write where each write matches the version that was read. A view another writer changed in
 * between is read and folded again (a few rounds, then its events are reported {@link Status#CONFLICT}, to be
 * dead-lettered: visible, never looping for ever).
 *
 * <p><b>Exactly once per view.</b> Each view remembers, per topic partition, the offset of the last record applied to
 * it (records of one partition arrive in order, so any record at or below it was handled), and the ids of the last
 * events applied (an event published again under another offset, as after a relay crash), both written in the same
 * write as the change: a redelivered event changes nothing. A forgotten view ignores every event.
 *
 * <p><b>Aggregates, exactly once, without transactions.</b> A fold with {@link Fold#aggregates()} keeps its
 * dashboards in aggregate documents, one per aggregate and partition (one writer each: the consumer of that
 * partition). Every aggregate document has a watermark: the last offset, per topic, of the batch that last
 * updated it. Every view keeps what it contributes ({@code _contrib}) and, when it was last written, the batch end
 * and what the aggregates held of it before ({@code _pending}). A batch writes the views first, then adds to each
 * aggregate the difference between what the views now contribute and what the aggregate holds of them, and moves
 * its watermark to the batch end. If the process dies between the two writes, the redelivered batch finds views
 * whose pending batch end is beyond the aggregate's watermark: it knows the aggregate does not hold them yet and
 * adds them then. A view whose pending end is within the watermark is held: nothing is added twice.
 *
 * <p>Hot path only: every read is by {@code _id} (on the embedded mongo-java-server, which ignores secondary
 * indexes, even the version check is an {@code _id}-keyed read through {@link EmbeddedMongo}).
 */
public class FoldEngine {

    private static final Logger log = LoggerFactory.getLogger(FoldEngine.class);

    static final String APPLIED = "_applied";
    static final String OFFSETS = "_offsets";
    /** How some documents written before the folding block marked an erased customer. */
    static final String LEGACY_ERASED = "erased";
    static final String TOKEN = "_token";
    static final String CONTRIB = "_contrib";
    static final String PENDING = "_pending";
    private static final int READ_CHUNK = 500;

    /** What became of one event in one fold. */
    public enum Status {
        /** Applied now, for the first time. */
        APPLIED,
        /** Applied before (a redelivery): nothing changed. */
        DUPLICATE,
        /** Not about this fold's views. */
        IGNORED,
        /** About a forgotten (erased) customer: ignored. */
        FORGOTTEN,
        /** The fold threw for it: to be dead-lettered; the view was folded without it. */
        FAILED,
        /** Its view kept changing under us for every round: to be dead-lettered. */
        CONFLICT
    }

    /** The outcome of one batch in one fold, per event (by its index in the batch). */
    public static final class Report {
        private final Status[] statuses;
        private final Map<Integer, RuntimeException> failures = new HashMap<>();
        private int viewsWritten;

        Report(List<FoldEvent> events) {
            int size = events.stream().mapToInt(FoldEvent::index).max().orElse(-1) + 1;
            this.statuses = new Status[size];
        }

        void set(FoldEvent e, Status s) {
            statuses[e.index()] = s;
        }

        public Status status(int index) {
            return index < statuses.length ? statuses[index] : null;
        }

        public RuntimeException failure(int index) {
            return failures.get(index);
        }

        public int viewsWritten() {
            return viewsWritten;
        }

        public long count(Status s) {
            long n = 0;
            for (Status x : statuses) {
                if (x == s) {
                    n++;
                }
            }
            return n;
        }
    }

    /** Thrown when an aggregate document changed under us (another consumer owned the partition meanwhile): retry the batch. */
    public static class ConcurrentFoldException extends org.springframework.dao.OptimisticLockingFailureException {
        public ConcurrentFoldException(String message) {
            super(message);
        }
    }

    private final MongoTemplate mongo;
    private final EmbeddedMongo embedded;
    private final Clock clock;
    private final int appliedWindow;
    private final int maxConflictRounds;
    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> conflicts = new ConcurrentHashMap<>();

    public FoldEngine(MongoTemplate mongo, EmbeddedMongo embedded, Clock clock, int appliedWindow, int maxConflictRounds,
                      MeterRegistry meters) {
        this.mongo = mongo;
        this.embedded = embedded;
        this.clock = clock;
        this.appliedWindow = appliedWindow;
        this.maxConflictRounds = maxConflictRounds;
        this.meters = meters;
    }

    /**
     * Folds the events into the fold's views.
     *
     * @param ends per partition, the batch's end: for each topic alias ({@link BatchEnds}), the last offset consumed.
     *             Only needed (and checked) for folds with aggregates.
     */
    public <V extends FoldedView> Report fold(Fold<V> fold, List<FoldEvent> events, BatchEnds ends) {
        Timer.Sample sample = Timer.start(meters);
        Report report = new Report(events);
        String collection = fold.collection();
        embedded.ensureIdVersionIndex(collection);
        Map<String, List<FoldEvent>> byView = new LinkedHashMap<>();
        for (FoldEvent e : events) {
            String id = e.isTouch() ? fold.viewIdOf(e.touch()) : fold.viewIdOfProfile(e.customerId(), e.profile());
            if (id == null) {
                report.set(e, Status.IGNORED);
            } else {
                byView.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
            }
        }
        Batch<V> batch = new Batch<>(fold, collection, ends, clock.instant());
        Set<String> remaining = new LinkedHashSet<>(byView.keySet());
        for (int round = 1; !remaining.isEmpty(); round++) {
            Map<String, Document> stored = readAll(collection, remaining);
            List<Folded<V>> folded = new ArrayList<>(remaining.size());
            for (String id : remaining) {
                folded.add(foldOne(batch, id, byView.get(id), stored.get(id), report));
            }
            if (fold.aggregates()) {
                account(batch, folded);
            }
            Set<String> conflicted = write(batch, folded);
            for (Folded<V> f : folded) {
                if (f.write && !conflicted.contains(f.id)) {
                    batch.written.add(f);
                }
            }
            remaining = conflicted;
            if (!remaining.isEmpty()) {
                conflicts.computeIfAbsent(fold.name(), n -> Counter.builder("crm.fold.conflicts").tag("fold", n)
                        .description("Views another writer changed between our read and our write (read and folded again)")
                        .register(meters)).increment(remaining.size());
                if (round >= maxConflictRounds) {
                    for (String id : remaining) {
                        log.error("Fold {}: view {} kept changing under us for {} rounds; its events go to the dead-letter topic",
                                fold.name(), id, round);
                        byView.get(id).forEach(e -> {
                            if (report.status(e.index()) != Status.FAILED) {
                                report.set(e, Status.CONFLICT);
                            }
                        });
                    }
                    break;
                }
                pause(round);
            }
        }
        if (fold.aggregates()) {
            writeAggregates(batch);
        }
        report.viewsWritten = batch.written.size();
        if (!batch.written.isEmpty()) {
            fold.written(batch.written.stream().map(f -> f.view).toList());
        }
        sample.stop(timers.computeIfAbsent(fold.name(), n -> Timer.builder("crm.fold.batch").tag("fold", n)
                .description("Time to fold one batch into one fold's views (read, fold, write)")
                .publishPercentileHistogram().register(meters)));
        return report;
    }

    // ------------------------------------------------------------------ folding one view

    private static final class Batch<V extends FoldedView> {
        final Fold<V> fold;
        final String collection;
        final BatchEnds ends;
        final Instant now;
        final String token = UUID.randomUUID().toString();
        final List<Folded<V>> written = new ArrayList<>();
        /** Aggregate documents read in this batch, by id. */
        final Map<String, Document> aggregates = new HashMap<>();
        /** What this batch adds to each aggregate document (by id): sums, members set, members removed. */
        final Map<String, AggregateChange> changes = new TreeMap<>();

        Batch(Fold<V> fold, String collection, BatchEnds ends, Instant now) {
            this.fold = fold;
            this.collection = collection;
            this.ends = ends;
            this.now = now;
        }
    }

    private static final class Folded<V extends FoldedView> {
        final String id;
        final int partition;
        V view;
        Document stored;
        long storedVersion;
        boolean forgotten;
        List<String> applied;
        /** Stored without a version field (before the folding block): the write then matches its absence. */
        boolean versionless;
        Document offsets;
        boolean write;
        FoldContext context;
        Contribution contribution;
        Document pending;
        /** Per aggregate document id, what this view adds (kept apart until its write succeeded). */
        Map<String, AggregateChange> changes = Map.of();

        Folded(String id, int partition) {
            this.id = id;
            this.partition = partition;
        }
    }

    private <V extends FoldedView> Folded<V> foldOne(Batch<V> batch, String id, List<FoldEvent> events, Document stored,
                                                     Report report) {
        Fold<V> fold = batch.fold;
        int partition = events.getFirst().partition();
        Set<Integer> poisoned = new java.util.HashSet<>();
        if (fold.aggregates()) {
            // A view with aggregates has one writer: the consumer of its partition. An event of another partition (a record
            // keyed otherwise than by its customer id) cannot be accounted for exactly: it goes to the dead-letter topic.
            for (FoldEvent e : events) {
                if (e.partition() != partition) {
                    IllegalStateException wrong = new IllegalStateException("fold " + fold.name() + ": view " + id + " is fed from partition "
                            + partition + ", but this record came from partition " + e.partition() + " (a view with aggregates must have one partition; is the record keyed by its customer id?)");
                    poisoned.add(e.index());
                    report.set(e, Status.FAILED);
                    report.failures.put(e.index(), wrong);
                }
            }
        }
        while (true) {
            Folded<V> f = new Folded<>(id, partition);
            f.stored = stored;
            f.storedVersion = stored == null ? 0 : stored.get(FoldedView.VERSION) instanceof Number v ? v.longValue() : 0L;
            f.versionless = stored != null && !(stored.get(FoldedView.VERSION) instanceof Number);
            // A document written before the folding block (no applied-event ids): a service's new folding group reads the
            // log from its beginning, so the view is rebuilt from scratch by the replay rather than counted twice; an
            // erased customer stays erased.
            boolean legacy = stored != null && !stored.containsKey(APPLIED);
            f.forgotten = stored != null && (Boolean.TRUE.equals(stored.get(FoldedView.FORGOTTEN))
                    || (legacy && Boolean.TRUE.equals(stored.get(LEGACY_ERASED))));
            f.view = stored == null || f.forgotten || legacy ? fold.create(id) : mongo.getConverter().read(fold.type(), stored);
            f.view.setId(id);
            f.applied = new ArrayList<>(stored == null || legacy ? List.of() : stored.getList(APPLIED, String.class, List.of()));
            f.offsets = stored != null && !legacy && stored.get(OFFSETS) instanceof Document o ? new Document(o) : new Document();
            f.context = new FoldContext(partition, batch.now, (c, docId) -> mongo.findById(docId, Document.class, c));
            Set<String> seen = new java.util.HashSet<>(f.applied);
            boolean restart = false;
            for (FoldEvent e : events) {
                if (poisoned.contains(e.index())) {
                    continue;
                }
                String eventId = e.eventId();
                String position = BatchEnds.alias(e.topic()) + e.partition();
                boolean delivered = f.offsets.get(position) instanceof Number last && e.offset() <= last.longValue();
                if (delivered || (eventId != null && seen.contains(eventId))) {
                    report.set(e, Status.DUPLICATE);
                    continue;
                }
                if (f.forgotten) {
                    report.set(e, Status.FORGOTTEN);
                    continue;
                }
                FoldOutcome outcome;
                try {
                    outcome = e.isTouch() ? fold.apply(f.view, e.touch(), f.context)
                            : e.isTombstone() ? fold.applyTombstone(f.view, f.context)
                            : fold.applyProfile(f.view, e.profile(), f.context);
                } catch (RuntimeException failure) {
                    if (KafkaKitAutoConfiguration.isTransient(failure)) {
                        throw failure;
                    }
                    log.warn("Fold {} cannot apply event {} to view {}: {}", fold.name(), eventId, id, failure.toString());
                    poisoned.add(e.index());
                    report.set(e, Status.FAILED);
                    report.failures.put(e.index(), failure);
                    restart = true; // the view may be half-changed: fold it again from what is stored, without this event
                    break;
                }
                if (outcome == FoldOutcome.FORGET) {
                    f.forgotten = true;
                }
                if (eventId != null) {
                    f.applied.add(eventId);
                    seen.add(eventId);
                }
                f.offsets.put(position, e.offset());
                f.write = true;
                report.set(e, Status.APPLIED);
            }
            if (restart) {
                continue;
            }
            if (f.applied.size() > appliedWindow) {
                f.applied = new ArrayList<>(f.applied.subList(f.applied.size() - appliedWindow, f.applied.size()));
            }
            if (fold.aggregates()) {
                f.contribution = f.forgotten ? new Contribution() : fold.contribution(f.view);
            }
            return f;
        }
    }

    // ------------------------------------------------------------------ aggregates: what each view adds

    /** What one batch adds to one aggregate document. */
    static final class AggregateChange {
        final String name;
        final int partition;
        final Map<String, Long> sums = new TreeMap<>();
        final Map<String, Object> set = new TreeMap<>();
        final Set<String> unset = new TreeSet<>();

        AggregateChange(String name, int partition) {
            this.name = name;
            this.partition = partition;
        }

        boolean isEmpty() {
            return sums.values().stream().allMatch(v -> v == 0) && set.isEmpty() && unset.isEmpty();
        }

        void merge(AggregateChange other) {
            other.sums.forEach((k, v) -> sums.merge(k, v, Long::sum));
            other.unset.forEach(m -> {
                set.remove(m);
                unset.add(m);
            });
            other.set.forEach((m, v) -> {
                unset.remove(m);
                set.put(m, v);
            });
        }
    }

    static String aggregateId(String name, int partition) {
        return name + "#" + partition;
    }

    private <V extends FoldedView> void account(Batch<V> batch, List<Folded<V>> folded) {
        // The aggregate documents these views touch, read once per batch (this thread is their only writer).
        Set<String> needed = new TreeSet<>();
        for (Folded<V> f : folded) {
            for (String name : namesOf(f)) {
                needed.add(aggregateId(name, f.partition));
            }
        }
        needed.removeAll(batch.aggregates.keySet());
        if (!needed.isEmpty()) {
            String aggregates = batch.fold.aggregateCollection();
            embedded.ensureIdVersionIndex(aggregates);
            Map<String, Document> read = readAll(aggregates, needed);
            for (String id : needed) {
                batch.aggregates.put(id, read.getOrDefault(id, new Document()));
            }
        }
        for (Folded<V> f : folded) {
            Contribution stored = f.stored == null ? new Contribution() : Contribution.fromBson(f.stored.get(CONTRIB));
            Document storedPending = f.stored == null ? null : f.stored.get(PENDING, Document.class);
            Contribution prevOfPending = storedPending == null ? new Contribution() : Contribution.fromBson(storedPending.get("prev"));
            Document eventsOfPending = storedPending == null ? new Document() : storedPending.get("events", Document.class);
            Map<String, Long> end = batch.ends.of(f.partition);
            Contribution reflected = new Contribution();
            Document pendingEvents = new Document();
            Map<String, AggregateChange> changes = new TreeMap<>();
            boolean anyUnreflected = false;
            for (String name : namesOf(f)) {
                Document aggregate = batch.aggregates.get(aggregateId(name, f.partition));
                boolean unreflected = storedPending != null && !within(storedPending.get("at", Document.class), aggregate.get("wm", Document.class));
                anyUnreflected |= unreflected;
                Map<String, Long> heldSums = unreflected ? prevOfPending.sumsOf(name) : stored.sumsOf(name);
                Map<String, Object> heldMembers = unreflected ? prevOfPending.membersOf(name) : stored.membersOf(name);
                heldSums.forEach((k, v) -> reflected.add(name, k, v));
                heldMembers.forEach((k, v) -> reflected.member(name, k, v));

                AggregateChange change = new AggregateChange(name, f.partition);
                f.contribution.sumsOf(name).forEach((k, v) -> change.sums.merge(k, v, Long::sum));
                heldSums.forEach((k, v) -> change.sums.merge(k, -v, Long::sum));
                Map<String, Long> events = new TreeMap<>();
                if (unreflected && eventsOfPending.get(FieldNames.escape(name)) instanceof Document ev) {
                    ev.forEach((k, v) -> events.merge(FieldNames.unescape(k), ((Number) v).longValue(), Long::sum));
                }
                f.context.increments.getOrDefault(name, Map.of()).forEach((k, v) -> events.merge(k, v, Long::sum));
                events.forEach((k, v) -> change.sums.merge(k, v, Long::sum));
                change.sums.values().removeIf(v -> v == 0);
                if (!events.isEmpty()) {
                    Document ev = new Document();
                    events.forEach((k, v) -> ev.append(FieldNames.escape(k), v));
                    pendingEvents.append(FieldNames.escape(name), ev);
                }
                Map<String, Object> now = f.contribution.membersOf(name);
                for (String m : heldMembers.keySet()) {
                    if (!now.containsKey(m)) {
                        change.unset.add(m);
                    }
                }
                for (Map.Entry<String, Object> m : now.entrySet()) {
                    if (unreflected || !m.getValue().equals(heldMembers.get(m.getKey()))) {
                        change.set.put(m.getKey(), m.getValue());
                    }
                }
                if (!change.isEmpty()) {
                    changes.put(aggregateId(name, f.partition), change);
                }
            }
            f.changes = changes;
            if (!changes.isEmpty() || anyUnreflected || !f.contribution.equals(stored)) {
                f.write = true;
            }
            if (!changes.isEmpty()) {
                if (end == null) {
                    throw new IllegalStateException("no batch end for partition " + f.partition + " of fold " + batch.fold.name());
                }
                f.pending = new Document("at", new Document(end)).append("prev", reflected.toBson()).append("events", pendingEvents);
            }
        }
    }

    private static Set<String> namesOf(Folded<?> f) {
        Set<String> names = new TreeSet<>(f.contribution.aggregateNames());
        if (f.stored != null) {
            names.addAll(Contribution.fromBson(f.stored.get(CONTRIB)).aggregateNames());
            Document pending = f.stored.get(PENDING, Document.class);
            if (pending != null) {
                names.addAll(Contribution.fromBson(pending.get("prev")).aggregateNames());
                if (pending.get("events") instanceof Document ev) {
                    ev.keySet().forEach(k -> names.add(FieldNames.unescape(k)));
                }
            }
        }
        names.addAll(f.context.increments.keySet());
        return names;
    }

    /** True when every offset of {@code at} is at or below the watermark's (nothing pending beyond it). */
    static boolean within(Document at, Document watermark) {
        if (at == null) {
            return true;
        }
        for (Map.Entry<String, Object> e : at.entrySet()) {
            long w = watermark != null && watermark.get(e.getKey()) instanceof Number n ? n.longValue() : -1;
            if (((Number) e.getValue()).longValue() > w) {
                return false;
            }
        }
        return true;
    }

    private <V extends FoldedView> void writeAggregates(Batch<V> batch) {
        for (Folded<V> f : batch.written) {
            f.changes.forEach((id, change) -> batch.changes.computeIfAbsent(id, k -> new AggregateChange(change.name, change.partition))
                    .merge(change));
        }
        String collection = batch.fold.aggregateCollection();
        for (Map.Entry<String, AggregateChange> e : batch.changes.entrySet()) {
            AggregateChange change = e.getValue();
            if (change.isEmpty()) {
                continue;
            }
            Document current = batch.aggregates.get(e.getKey());
            Map<String, Long> end = batch.ends.of(change.partition);
            if (current == null || current.isEmpty()) {
                Document created = new Document("_id", e.getKey()).append("name", change.name).append("partition", change.partition)
                        .append(FoldedView.VERSION, 1L).append("wm", new Document(end));
                Document sums = new Document();
                change.sums.forEach((k, v) -> sums.append(FieldNames.escape(k), v));
                Document members = new Document();
                change.set.forEach((k, v) -> members.append(FieldNames.escape(k), v));
                created.append("s", sums).append("m", members);
                try {
                    mongo.insert(created, collection);
                } catch (DuplicateKeyException raced) {
                    throw new ConcurrentFoldException("aggregate " + e.getKey() + " was created by another writer");
                }
                continue;
            }
            long version = ((Number) current.get(FoldedView.VERSION)).longValue();
            Update update = new Update().inc(FoldedView.VERSION, 1L);
            change.sums.forEach((k, v) -> update.inc("s." + FieldNames.escape(k), v));
            change.set.forEach((k, v) -> update.set("m." + FieldNames.escape(k), v));
            change.unset.forEach(k -> update.unset("m." + FieldNames.escape(k)));
            end.forEach((k, v) -> update.set("wm." + k, v));
            Query match = Query.query(Criteria.where("_id").is(e.getKey()).and(FoldedView.VERSION).is(version));
            if (mongo.updateFirst(match, update, collection).getMatchedCount() == 0) {
                throw new ConcurrentFoldException("aggregate " + e.getKey() + " changed since version " + version + " was read");
            }
        }
    }

    // ------------------------------------------------------------------ reading and writing

    private Map<String, Document> readAll(String collection, Set<String> ids) {
        Map<String, Document> out = new HashMap<>(ids.size() * 2);
        List<String> chunk = new ArrayList<>(Math.min(ids.size(), READ_CHUNK));
        for (String id : ids) {
            chunk.add(id);
            if (chunk.size() == READ_CHUNK) {
                readChunk(collection, chunk, out);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            readChunk(collection, chunk, out);
        }
        return out;
    }

    private void readChunk(String collection, List<String> ids, Map<String, Document> out) {
        Query q = ids.size() == 1 ? Query.query(Criteria.where("_id").is(ids.getFirst())) : Query.query(Criteria.where("_id").in(ids));
        for (Document d : mongo.find(q, Document.class, collection)) {
            out.put(String.valueOf(d.get("_id")), d);
        }
    }

    /** Writes the companion documents, then every view that changed; answers the ids of the views that lost a race. */
    private <V extends FoldedView> Set<String> write(Batch<V> batch, List<Folded<V>> folded) {
        Map<String, Map<String, Document>> puts = new LinkedHashMap<>();
        for (Folded<V> f : folded) {
            if (f.write) {
                f.context.puts.forEach((c, docs) -> puts.computeIfAbsent(c, k -> new LinkedHashMap<>()).putAll(docs));
            }
        }
        puts.forEach((c, docs) -> {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, c);
            docs.forEach((id, d) -> bulk.replaceOne(Query.query(Criteria.where("_id").is(id)), d,
                    org.springframework.data.mongodb.core.FindAndReplaceOptions.options().upsert()));
            bulk.execute();
        });

        List<Folded<V>> toWrite = folded.stream().filter(f -> f.write).toList();
        if (toWrite.isEmpty()) {
            return Set.of();
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, batch.collection);
        List<Folded<V>> order = new ArrayList<>(toWrite.size());
        int replaces = 0;
        for (Folded<V> f : toWrite) {
            Document bson = toBson(batch, f);
            if (f.stored == null) {
                bulk.insert(bson);
            } else {
                Criteria match = Criteria.where("_id").is(f.id);
                match = f.versionless ? match.and(FoldedView.VERSION).exists(false) : match.and(FoldedView.VERSION).is(f.storedVersion);
                bulk.replaceOne(Query.query(match), bson);
                replaces++;
            }
            order.add(f);
        }
        Set<String> conflicted = new LinkedHashSet<>();
        long matched;
        try {
            matched = bulk.execute().getMatchedCount();
        } catch (BulkOperationException e) {
            for (var error : e.getErrors()) {
                if (error.getCode() != 11000) {
                    throw e;
                }
                conflicted.add(order.get(error.getIndex()).id); // inserted by another writer meanwhile
            }
            matched = e.getResult().getMatchedCount();
        }
        if (matched < replaces) {
            // Some replaces matched no document: find which by the token each write carries.
            Set<String> replaced = new LinkedHashSet<>();
            toWrite.stream().filter(f -> f.stored != null).forEach(f -> replaced.add(f.id));
            Query q = Query.query(Criteria.where("_id").in(replaced));
            q.fields().include(TOKEN);
            Set<String> landed = new java.util.HashSet<>();
            for (Document d : mongo.find(q, Document.class, batch.collection)) {
                if (batch.token.equals(d.getString(TOKEN))) {
                    landed.add(String.valueOf(d.get("_id")));
                }
            }
            replaced.stream().filter(id -> !landed.contains(id)).forEach(conflicted::add);
        }
        for (Folded<V> f : toWrite) {
            if (!conflicted.contains(f.id)) {
                f.view.setVersion(f.storedVersion + 1);
            }
        }
        return conflicted;
    }

    private <V extends FoldedView> Document toBson(Batch<V> batch, Folded<V> f) {
        Document bson = new Document();
        if (!f.forgotten) {
            mongo.getConverter().write(f.view, bson);
        }
        bson.put("_id", f.id);
        bson.put(FoldedView.VERSION, f.storedVersion + 1);
        bson.put(FoldedView.FORGOTTEN, f.forgotten);
        bson.put(APPLIED, f.applied);
        bson.put(OFFSETS, f.offsets);
        bson.put(TOKEN, batch.token);
        if (batch.fold.aggregates()) {
            bson.put(CONTRIB, f.contribution.toBson());
            if (f.pending != null) {
                bson.put(PENDING, f.pending);
            }
        }
        return bson;
    }

    private static void pause(int round) {
        try {
            // A short, growing pause between rounds, on the consumer's own thread: the other writer is mid-write.
            Thread.sleep(Math.min(200, 2L << round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while folding", e);
        }
    }
}
