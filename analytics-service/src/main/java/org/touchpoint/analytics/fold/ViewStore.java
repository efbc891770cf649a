package org.touchpoint.analytics.fold;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.analytics.fold.CustomerView.Outcome;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;

/**
 * The folded views of one generation: collections {@code g<n>_customers}, {@code g<n>_accounts} and
 * {@code g<n>_timeline}. Applying is idempotent (timeline entry = durable marker, plus the view's window of recent
 * ids, which makes fold and marker safe against a crash between the two writes) and safe under concurrent
 * appliers (the live consumer and a replay both feed a shadow generation): each view is read, folded in Java and
 * written back with an optimistic version check, retried on conflict.
 */
@Component
public class ViewStore {

    private static final int MAX_ATTEMPTS = 20;

    private final MongoTemplate mongo;
    private final EventCodec codec;
    private final Clock clock;

    ViewStore(MongoTemplate mongo, EventCodec codec, Clock clock) {
        this.mongo = mongo;
        this.codec = codec;
        this.clock = clock;
    }

    public static String customers(int generation) {
        return "g" + generation + "_customers";
    }

    public static String accounts(int generation) {
        return "g" + generation + "_accounts";
    }

    public static String timeline(int generation) {
        return "g" + generation + "_timeline";
    }

    /** Folds one touch into this generation; erasure kinds forget the customer. */
    public Outcome applyTouch(int generation, CrmEvent<Touch> event) {
        Touch t = event.data();
        if (TouchKinds.CONTACT_DELETED.equals(t.kind()) || TouchKinds.CUSTOMER_ERASED.equals(t.kind())) {
            forget(generation, t.customerId());
            return Outcome.APPLIED;
        }
        if (mongo.exists(Query.query(Criteria.where("_id").is(event.id())), timeline(generation))) {
            return Outcome.DUPLICATE;
        }
        Outcome outcome;
        if (AccountView.isAccountLevel(t.kind())) {
            outcome = fold(accounts(generation), t.customerId(), AccountView.class, AccountView::new,
                    a -> a.apply(event, clock.instant()), AccountView::getVersion);
        } else {
            outcome = fold(customers(generation), t.customerId(), CustomerView.class, CustomerView::new,
                    c -> c.apply(event, clock.instant()), CustomerView::getVersion);
        }
        if (outcome == Outcome.FORGOTTEN) {
            return outcome;
        }
        record(generation, event);
        return outcome;
    }

    /** Keeps the highest profile version; a tombstone forgets the customer. */
    public Outcome applyProfile(int generation, EventCodec.ProfileRecord record) {
        if (record.erased()) {
            forget(generation, record.customerId());
            return Outcome.APPLIED;
        }
        CustomerProfile profile = record.event().data();
        return fold(customers(generation), record.customerId(), CustomerView.class, CustomerView::new,
                c -> c.applyProfile(profile, clock.instant()), CustomerView::getVersion);
    }

    /** Erases what this generation knows of the customer; later touches do not bring it back. */
    public void forget(int generation, String customerId) {
        mongo.findAndReplace(Query.query(Criteria.where("_id").is(customerId)),
                new Document("_id", customerId).append("forgotten", true),
                FindAndReplaceOptions.options().upsert(), customers(generation));
        mongo.remove(Query.query(Criteria.where("customerId").is(customerId)), timeline(generation));
    }

    private void record(int generation, CrmEvent<Touch> event) {
        Touch t = event.data();
        TimelineEntry entry = new TimelineEntry(event.id(), t.customerId(), TimelineEntry.sortKey(t.occurredAt(), event.id()),
                t.occurredAt(), t.occurredAt().atZone(ZoneOffset.UTC).toLocalDate().toString(), t.kind(), t.channel(),
                sourceService(event.source()), new String(codec.writeData(t), StandardCharsets.UTF_8));
        try {
            mongo.insert(entry, timeline(generation));
        } catch (DuplicateKeyException alreadyThere) {
            return;
        }
        // An erasure may have run between the fold and this insert: it must not leave this entry behind.
        CustomerView now = mongo.findById(t.customerId(), CustomerView.class, customers(generation));
        if (now != null && now.isForgotten()) {
            mongo.remove(Query.query(Criteria.where("_id").is(event.id())), timeline(generation));
        }
    }

    private <V> Outcome fold(String collection, String id, Class<V> type, Function<String, V> create,
                             Function<V, Outcome> apply, Function<V, Long> versionOf) {
        for (int attempt = 1; ; attempt++) {
            V view = mongo.findById(id, type, collection);
            V target = view == null ? create.apply(id) : view;
            Outcome outcome = apply.apply(target);
            if (outcome != Outcome.APPLIED) {
                return outcome;
            }
            try {
                if (view == null || versionOf.apply(view) == null) {
                    mongo.insert(target, collection);
                } else {
                    mongo.save(target, collection);
                }
                return outcome;
            } catch (OptimisticLockingFailureException | DuplicateKeyException raced) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    public CustomerView customer(int generation, String id) {
        CustomerView v = mongo.findById(id, CustomerView.class, customers(generation));
        return v == null || v.isForgotten() ? null : v;
    }

    public AccountView account(int generation, String id) {
        return id == null ? null : mongo.findById(id, AccountView.class, accounts(generation));
    }

    /** Every customer of the generation, streamed (dashboards fold them in one pass). */
    public Stream<CustomerView> allCustomers(int generation) {
        Query q = Query.query(Criteria.where("forgotten").ne(true));
        q.fields().exclude("appliedEvents");
        return mongo.stream(q, CustomerView.class, customers(generation));
    }

    /** A page of a customer's timeline, newest first: at most {@code limit} entries with sortKey below {@code beforeKey}. */
    public List<TimelineEntry> timeline(int generation, String customerId, List<String> kinds, List<String> channels,
                                        java.time.Instant before, String beforeKey, int limit) {
        Criteria c = Criteria.where("customerId").is(customerId);
        if (!kinds.isEmpty()) {
            c = c.and("kind").in(kinds);
        }
        if (!channels.isEmpty()) {
            c = c.and("channel").in(channels);
        }
        if (before != null) {
            c = c.and("occurredAt").lt(before);
        }
        if (beforeKey != null) {
            c = c.and("sortKey").lt(beforeKey);
        }
        return mongo.find(Query.query(c).with(Sort.by(Sort.Direction.DESC, "sortKey")).limit(limit), TimelineEntry.class, timeline(generation));
    }

    public boolean hasTimeline(int generation, String customerId) {
        return mongo.exists(Query.query(Criteria.where("customerId").is(customerId)), timeline(generation));
    }

    /** Creates the indexes of a generation (real MongoDB uses them; mongo-java-server accepts and ignores them). */
    public void prepare(int generation) {
        mongo.indexOps(timeline(generation)).createIndex(new Index().on("customerId", Sort.Direction.ASC).on("sortKey", Sort.Direction.DESC));
        mongo.indexOps(timeline(generation)).createIndex(new Index().on("day", Sort.Direction.ASC).on("channel", Sort.Direction.ASC));
    }

    /** Drops a generation's collections. */
    public void drop(int generation) {
        for (String c : List.of(customers(generation), accounts(generation), timeline(generation))) {
            if (mongo.collectionExists(c)) {
                mongo.dropCollection(c);
            }
        }
    }

    /** The generations that have collections in the database. */
    public List<Integer> existingGenerations() {
        return mongo.getCollectionNames().stream().filter(n -> n.matches("g\\d+_(customers|accounts|timeline)"))
                .map(n -> Integer.parseInt(n.substring(1, n.indexOf('_')))).distinct().sorted().toList();
    }

    /** {@code /crm/sales-service} → {@code sales-service}. */
    public static String sourceService(String source) {
        if (source == null) {
            return "unknown";
        }
        int slash = source.lastIndexOf('/');
        return slash >= 0 ? source.substring(slash + 1) : source;
    }
}
