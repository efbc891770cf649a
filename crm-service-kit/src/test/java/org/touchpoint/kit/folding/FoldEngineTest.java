package org.touchpoint.kit.folding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.TestInfrastructure;

/** The folding block on mongo-java-server, without Kafka: batches are lists of events as a consumer would hand them over. */
class FoldEngineTest {

    private static MongoClient client;
    private static final Map<String, AtomicInteger> commands = new ConcurrentHashMap<>();
    private MongoTemplate mongo;
    private FoldEngine engine;
    private String collection;

    @BeforeAll
    static void connect() {
        CommandListener counting = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.computeIfAbsent(event.getCommandName(), c -> new AtomicInteger()).incrementAndGet();
            }
        };
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(TestInfrastructure.mongoUri()))
                .addCommandListener(counting).build());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @BeforeEach
    void setUp() {
        mongo = new MongoTemplate(client, "fold_engine_test");
        collection = "views_" + UUID.randomUUID().toString().replace("-", "");
        engine = new FoldEngine(mongo, new EmbeddedMongo(mongo, "auto"), Clock.systemUTC(), 64, 4, new SimpleMeterRegistry());
    }

    // ------------------------------------------------------------------ a test fold

    /** The view: the kinds of the touches applied, in order, and the highest profile version. */
    public static class Trail extends FoldedView {
        List<String> kinds = new ArrayList<>();
        long profileVersion = -1;
        long amount;

        Trail() {
        }

        Trail(String id) {
            super(id);
        }
    }

    class TrailFold implements Fold<Trail> {
        boolean aggregates;
        Predicate<CrmEvent<Touch>> explode = t -> false;
        Runnable beforeApply = () -> { };

        @Override
        public String name() {
            return "trail";
        }

        @Override
        public Class<Trail> type() {
            return Trail.class;
        }

        @Override
        public String collection() {
            return collection;
        }

        @Override
        public Trail create(String id) {
            return new Trail(id);
        }

        @Override
        public String viewIdOf(CrmEvent<Touch> touch) {
            return touch.data().kind().equals("lead.created") ? null : touch.data().customerId();
        }

        @Override
        public FoldOutcome apply(Trail view, CrmEvent<Touch> touch, FoldContext context) {
            beforeApply.run();
            if (explode.test(touch)) {
                view.kinds.add("half-applied");
                throw new IllegalStateException("cannot apply " + touch.id());
            }
            if (touch.data().kind().equals("customer.erased")) {
                return FoldOutcome.FORGET;
            }
            view.kinds.add(touch.data().kind());
            if (touch.data().amount() != null) {
                view.amount += touch.data().amount().value().longValue();
            }
            context.increment("touches", touch.data().occurredAt().toString().substring(0, 10), 1);
            return FoldOutcome.CHANGED;
        }

        @Override
        public String viewIdOfProfile(String customerId, CrmEvent<CustomerProfile> profile) {
            return customerId;
        }

        @Override
        public FoldOutcome applyProfile(Trail view, CrmEvent<CustomerProfile> profile, FoldContext context) {
            if (profile.data().version() <= view.profileVersion) {
                return FoldOutcome.UNCHANGED;
            }
            view.profileVersion = profile.data().version();
            return FoldOutcome.CHANGED;
        }

        @Override
        public boolean aggregates() {
            return aggregates;
        }

        @Override
        public Contribution contribution(Trail view) {
            Contribution c = new Contribution().add("totals", "customers", 1).add("totals", "amount", view.amount);
            if (view.amount > 0) {
                c.member("top", view.getId(), view.amount);
            }
            return c;
        }
    }

    private int offset;

    private FoldEvent touch(int index, String customer, String kind, Long amount) {
        Touch.Builder b = Touch.builder(customer, kind).occurredAt(Instant.parse("2026-12-01T10:00:00Z"));
        if (amount != null) {
            b.amount(new org.touchpoint.events.Money(amount + ".00", "EUR"));
        }
        return FoldEvent.touch(index, Topics.TOUCHES, 0, offset++, CrmEvent.touch("sales-service", b.build(), null));
    }

    private static List<FoldEvent> reindexed(List<FoldEvent> events) {
        List<FoldEvent> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            FoldEvent e = events.get(i);
            out.add(new FoldEvent(i, e.topic(), e.partition(), e.offset(), e.customerId(), e.touch(), e.profile()));
        }
        return out;
    }

    private static BatchEnds endsOf(List<FoldEvent> events) {
        BatchEnds ends = new BatchEnds();
        for (FoldEvent e : events) {
            ends.put(e.topic(), e.partition(), e.offset());
            ends.put(Topics.CUSTOMER_PROFILES, e.partition(), -1);
        }
        return ends;
    }

    private Trail view(String id) {
        return mongo.findById(id, Trail.class, collection);
    }

    private int commandsOf(String name) {
        AtomicInteger n = commands.get(name);
        return n == null ? 0 : n.get();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aBatchReadsAndWritesEachViewOnceWhateverItsNumberOfEvents() {
        TrailFold fold = new TrailFold();
        List<FoldEvent> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batch.add(touch(i, "con_" + (i % 50), "call.logged", null));
        }
        engine.fold(fold, batch, endsOf(batch)); // first batch: creates the 50 views (and the embedded index)

        List<FoldEvent> next = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            next.add(touch(i, "con_" + (i % 50), "meeting.logged", null));
        }
        int finds = commandsOf("find");
        int updates = commandsOf("update");
        int inserts = commandsOf("insert");
        FoldEngine.Report report = engine.fold(fold, next, endsOf(next));

        assertThat(report.viewsWritten()).isEqualTo(50);
        assertThat(report.count(FoldEngine.Status.APPLIED)).isEqualTo(300);
        assertThat(commandsOf("find") - finds).as("one read of all 50 views").isEqualTo(1);
        assertThat(commandsOf("update") - updates).as("one bulk write of all 50 views").isEqualTo(1);
        assertThat(commandsOf("insert") - inserts).isZero();
        assertThat(view("con_7").kinds).hasSize(12).containsOnly("call.logged", "meeting.logged");
        assertThat(view("con_7").getVersion()).isEqualTo(2);
    }

    @Test
    void eventsOfOneCustomerAreAppliedInTheirOrder() {
        TrailFold fold = new TrailFold();
        List<FoldEvent> batch = List.of(touch(0, "con_a", "call.logged", null), touch(1, "con_b", "email.logged", null),
                touch(2, "con_a", "meeting.logged", null), touch(3, "con_a", "task.due", null), touch(4, "con_b", "call.logged", null));
        engine.fold(fold, batch, endsOf(batch));
        assertThat(view("con_a").kinds).containsExactly("call.logged", "meeting.logged", "task.due");
        assertThat(view("con_b").kinds).containsExactly("email.logged", "call.logged");
    }

    @Test
    void redeliveredEventsChangeNothingAndAreReportedAsDuplicates() {
        TrailFold fold = new TrailFold();
        List<FoldEvent> batch = List.of(touch(0, "con_a", "call.logged", null), touch(1, "con_a", "meeting.logged", null));
        engine.fold(fold, batch, endsOf(batch));
        long version = view("con_a").getVersion();

        List<FoldEvent> again = reindexed(List.of(batch.get(1), batch.get(0), touch(9, "con_a", "email.logged", null)));
        FoldEngine.Report report = engine.fold(fold, again, endsOf(again));

        assertThat(report.status(0)).isEqualTo(FoldEngine.Status.DUPLICATE);
        assertThat(report.status(1)).isEqualTo(FoldEngine.Status.DUPLICATE);
        assertThat(report.status(2)).isEqualTo(FoldEngine.Status.APPLIED);
        assertThat(view("con_a").kinds).containsExactly("call.logged", "meeting.logged", "email.logged");
        assertThat(view("con_a").getVersion()).isEqualTo(version + 1);

        FoldEngine.Report onlyDuplicates = engine.fold(fold, reindexed(List.of(batch.get(0))), endsOf(batch));
        assertThat(onlyDuplicates.viewsWritten()).as("nothing new: nothing written").isZero();
    }

    @Test
    void aRedeliveryBeyondTheIdWindowIsRecognisedByItsOffset() {
        FoldEngine smallWindow = new FoldEngine(mongo, new EmbeddedMongo(mongo, "auto"), Clock.systemUTC(), 4, 4, new SimpleMeterRegistry());
        TrailFold fold = new TrailFold();
        List<FoldEvent> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(touch(i, "con_a", "call.logged", null));
        }
        smallWindow.fold(fold, batch, endsOf(batch));
        FoldEngine.Report again = smallWindow.fold(fold, batch, endsOf(batch));
        assertThat(again.count(FoldEngine.Status.DUPLICATE)).isEqualTo(10);
        assertThat(view("con_a").kinds).hasSize(10);
    }

    @Test
    void eventsAFoldIgnoresCostNoReadOrWrite() {
        TrailFold fold = new TrailFold();
        int finds = commandsOf("find");
        FoldEngine.Report report = engine.fold(fold, List.of(touch(0, "led_1", "lead.created", null)), BatchEnds.NONE);
        assertThat(report.status(0)).isEqualTo(FoldEngine.Status.IGNORED);
        assertThat(commandsOf("find") - finds).isZero();
    }

    @Test
    void anEventTheFoldCannotApplyIsReportedAndTheViewIsFoldedWithoutIt() {
        TrailFold fold = new TrailFold();
        List<FoldEvent> batch = List.of(touch(0, "con_a", "call.logged", null), touch(1, "con_a", "email.logged", null),
                touch(2, "con_a", "meeting.logged", null));
        String poison = batch.get(1).eventId();
        fold.explode = t -> t.id().equals(poison);

        FoldEngine.Report report = engine.fold(fold, batch, endsOf(batch));

        assertThat(report.status(1)).isEqualTo(FoldEngine.Status.FAILED);
        assertThat(report.failure(1)).hasMessageContaining("cannot apply");
        assertThat(report.status(0)).isEqualTo(FoldEngine.Status.APPLIED);
        assertThat(report.status(2)).isEqualTo(FoldEngine.Status.APPLIED);
        assertThat(view("con_a").kinds).as("no trace of the half-applied event").containsExactly("call.logged", "meeting.logged");
    }

    @Test
    void aViewAnotherWriterChangedMeanwhileIsReadAndFoldedAgain() {
        TrailFold fold = new TrailFold();
        engine.fold(fold, List.of(touch(0, "con_a", "call.logged", null)), BatchEnds.NONE);
        AtomicInteger interference = new AtomicInteger(1);
        fold.beforeApply = () -> {
            if (interference.getAndDecrement() > 0) { // another writer gets there first, once
                mongo.updateFirst(Query.query(Criteria.where("_id").is("con_a")),
                        new Update().inc("version", 1).push("kinds", "by-the-other-writer"), collection);
            }
        };
        FoldEngine.Report report = engine.fold(fold, List.of(touch(0, "con_a", "email.logged", null)), BatchEnds.NONE);

        assertThat(report.status(0)).isEqualTo(FoldEngine.Status.APPLIED);
        assertThat(view("con_a").kinds).containsExactly("call.logged", "by-the-other-writer", "email.logged");
    }

    @Test
    void aViewThatKeepsChangingUnderUsEndsAsAConflictInsteadOfLoopingForEver() {
        TrailFold fold = new TrailFold();
        engine.fold(fold, List.of(touch(0, "con_a", "call.logged", null), touch(1, "con_b", "call.logged", null)), BatchEnds.NONE);
        fold.beforeApply = () -> mongo.updateFirst(Query.query(Criteria.where("_id").is("con_a")), new Update().inc("version", 1), collection);

        FoldEngine.Report report = engine.fold(fold, List.of(touch(0, "con_a", "email.logged", null), touch(1, "con_b", "email.logged", null)),
                BatchEnds.NONE);

        assertThat(report.status(0)).isEqualTo(FoldEngine.Status.CONFLICT);
        assertThat(report.status(1)).as("other views are not held back").isEqualTo(FoldEngine.Status.APPLIED);
        assertThat(view("con_a").kinds).containsExactly("call.logged");
    }

    @Test
    void aForgottenCustomerIsAMarkerThatLaterAndRedeliveredEventsDoNotRevive() {
        TrailFold fold = new TrailFold();
        List<FoldEvent> batch = List.of(touch(0, "con_a", "call.logged", null), touch(1, "con_a", "customer.erased", null),
                touch(2, "con_a", "email.logged", null));
        FoldEngine.Report report = engine.fold(fold, batch, endsOf(batch));
        assertThat(report.status(2)).isEqualTo(FoldEngine.Status.FORGOTTEN);

        engine.fold(fold, reindexed(List.of(batch.get(0), touch(5, "con_a", "meeting.logged", null))), endsOf(batch));
        Document stored = mongo.findById("con_a", Document.class, collection);
        assertThat(stored.getBoolean("forgotten")).isTrue();
        assertThat(stored).doesNotContainKey("kinds");
    }

    @Test
    void profilesAndTombstonesFoldIntoTheSameView() {
        TrailFold fold = new TrailFold();
        FoldEvent v2 = FoldEvent.profile(0, Topics.CUSTOMER_PROFILES, 0, 0, "con_a", profile("con_a", 2));
        FoldEvent v1 = FoldEvent.profile(1, Topics.CUSTOMER_PROFILES, 0, 1, "con_a", profile("con_a", 1));
        engine.fold(fold, List.of(v2, v1), BatchEnds.NONE);
        assertThat(view("con_a").profileVersion).as("an older snapshot changes nothing").isEqualTo(2);

        engine.fold(fold, List.of(FoldEvent.profile(0, Topics.CUSTOMER_PROFILES, 0, 2, "con_a", null)), BatchEnds.NONE);
        assertThat(view("con_a").isForgotten()).isTrue();
    }

    private static CrmEvent<CustomerProfile> profile(String id, long version) {
        return CrmEvent.profile("customer-service", new CustomerProfile(id, null, null, "Ana", "Ruiz", "Ana Ruiz", null, null, null,
                null, null, "customer", Map.of(), List.of(), version, Instant.EPOCH), null);
    }

    @Test
    void onTheEmbeddedServerTheVersionCheckIsAnIndexLookup() {
        engine.fold(new TrailFold(), List.of(touch(0, "con_a", "call.logged", null)), BatchEnds.NONE);
        assertThat(mongo.indexOps(collection).getIndexInfo()).anyMatch(i -> i.getName().equals(EmbeddedMongo.ID_VERSION_INDEX) && i.isUnique());
    }

    // ------------------------------------------------------------------ aggregates

    private Map<String, Long> sums(TrailFold fold, String aggregate) {
        Map<String, Long> total = new TreeMap<>();
        for (Document d : mongo.find(Query.query(Criteria.where("name").is(aggregate)), Document.class, fold.aggregateCollection())) {
            d.get("s", Document.class).forEach((k, v) -> total.merge(FieldNames.unescape(k), ((Number) v).longValue(), Long::sum));
        }
        total.values().removeIf(v -> v == 0);
        return total;
    }

    private Map<String, Object> members(TrailFold fold, String aggregate) {
        Map<String, Object> all = new TreeMap<>();
        for (Document d : mongo.find(Query.query(Criteria.where("name").is(aggregate)), Document.class, fold.aggregateCollection())) {
            d.get("m", Document.class).forEach((k, v) -> all.put(FieldNames.unescape(k), v));
        }
        return all;
    }

    @Test
    void aggregatesAreTheSumOfTheViewsAndMembersFollowTheirState() {
        TrailFold fold = new TrailFold();
        fold.aggregates = true;
        List<FoldEvent> batch = List.of(touch(0, "con_a", "opportunity.won", 100L), touch(1, "con_b", "call.logged", null),
                touch(2, "con_a", "opportunity.won", 50L));
        engine.fold(fold, batch, endsOf(batch));
        assertThat(sums(fold, "totals")).containsExactlyInAnyOrderEntriesOf(Map.of("customers", 2L, "amount", 150L));
        assertThat(members(fold, "top")).containsExactlyInAnyOrderEntriesOf(Map.of("con_a", 150L));
        assertThat(sums(fold, "touches")).containsExactlyInAnyOrderEntriesOf(Map.of("2026-12-01", 3L));

        List<FoldEvent> erase = List.of(touch(0, "con_a", "customer.erased", null), touch(1, "con_b", "opportunity.won", 7L));
        engine.fold(fold, erase, endsOf(erase));
        assertThat(sums(fold, "totals")).containsExactlyInAnyOrderEntriesOf(Map.of("customers", 1L, "amount", 7L));
        assertThat(members(fold, "top")).containsExactlyInAnyOrderEntriesOf(Map.of("con_b", 7L));
        assertThat(sums(fold, "touches")).as("events counted once, erasure does not uncount history")
                .containsExactlyInAnyOrderEntriesOf(Map.of("2026-12-01", 4L));
    }

    @Test
    void aCrashBetweenTheViewsAndTheAggregatesIsMadeGoodByTheRedeliveryExactlyOnce() {
        TrailFold fold = new TrailFold();
        fold.aggregates = true;
        List<FoldEvent> first = List.of(touch(0, "con_a", "opportunity.won", 100L), touch(1, "con_b", "opportunity.won", 30L));
        engine.fold(fold, first, endsOf(first));

        // The next batch writes its views, then the process dies before the aggregates are written.
        List<FoldEvent> second = List.of(touch(0, "con_a", "opportunity.won", 5L), touch(1, "con_c", "opportunity.won", 8L),
                touch(2, "con_b", "call.logged", null));
        FoldEngine crashing = new FoldEngine(new AggregatesDown(mongo, fold.aggregateCollection()), new EmbeddedMongo(mongo, "auto"),
                Clock.systemUTC(), 64, 4, new SimpleMeterRegistry());
        assertThatThrownBy(() -> crashing.fold(fold, second, endsOf(second))).hasMessageContaining("aggregates down");
        assertThat(view("con_a").amount).as("the views were written").isEqualTo(105);
        assertThat(sums(fold, "totals")).as("the aggregates were not").containsEntry("amount", 130L);

        // Redelivered in a shorter batch first (con_c's event only), then the rest: nothing lost, nothing twice.
        List<FoldEvent> part = reindexed(List.of(second.get(1)));
        engine.fold(fold, part, endsOf(part));
        assertThat(sums(fold, "totals")).containsExactlyInAnyOrderEntriesOf(Map.of("customers", 3L, "amount", 138L));
        engine.fold(fold, second, endsOf(second));
        assertThat(sums(fold, "totals")).containsExactlyInAnyOrderEntriesOf(Map.of("customers", 3L, "amount", 143L));
        assertThat(sums(fold, "touches")).containsExactlyInAnyOrderEntriesOf(Map.of("2026-12-01", 5L));
        assertThat(members(fold, "top")).containsExactlyInAnyOrderEntriesOf(Map.of("con_a", 105L, "con_b", 30L, "con_c", 8L));

        // And once more, as after a crash after the aggregates but before the offsets were committed.
        engine.fold(fold, second, endsOf(second));
        assertThat(sums(fold, "totals")).containsExactlyInAnyOrderEntriesOf(Map.of("customers", 3L, "amount", 143L));
        assertThat(sums(fold, "touches")).containsExactlyInAnyOrderEntriesOf(Map.of("2026-12-01", 5L));
    }

    /** A MongoTemplate whose writes to the aggregate collection fail, as if the process died there. */
    static final class AggregatesDown extends MongoTemplate {
        private final String aggregates;

        AggregatesDown(MongoTemplate delegate, String aggregates) {
            super(delegate.getMongoDatabaseFactory(), delegate.getConverter());
            this.aggregates = aggregates;
        }

        @Override
        public com.mongodb.client.result.UpdateResult updateFirst(Query query, org.springframework.data.mongodb.core.query.UpdateDefinition update,
                                                                   String collectionName) {
            if (collectionName.equals(aggregates)) {
                throw new IllegalStateException("aggregates down");
            }
            return super.updateFirst(query, update, collectionName);
        }

        @Override
        public <T> T insert(T objectToSave, String collectionName) {
            if (collectionName.equals(aggregates)) {
                throw new IllegalStateException("aggregates down");
            }
            return super.insert(objectToSave, collectionName);
        }
    }

    @Test
    void anEventOfAnotherPartitionForAViewWithAggregatesIsRefusedAloneNotTheBatch() {
        TrailFold fold = new TrailFold();
        fold.aggregates = true;
        FoldEvent p0 = touch(0, "con_a", "call.logged", null);
        FoldEvent p1 = new FoldEvent(1, Topics.TOUCHES, 1, 0, "con_a", touch(1, "con_a", "email.logged", null).touch(), null);
        FoldEvent other = touch(2, "con_b", "call.logged", null);
        BatchEnds ends = endsOf(List.of(p0, other)).put(Topics.TOUCHES, 1, 0).put(Topics.CUSTOMER_PROFILES, 1, -1);
        FoldEngine.Report report = engine.fold(fold, List.of(p0, p1, other), ends);
        assertThat(report.status(1)).isEqualTo(FoldEngine.Status.FAILED);
        assertThat(report.failure(1)).hasMessageContaining("one partition");
        assertThat(report.status(0)).isEqualTo(FoldEngine.Status.APPLIED);
        assertThat(report.status(2)).isEqualTo(FoldEngine.Status.APPLIED);
        assertThat(view("con_a").kinds).containsExactly("call.logged");
    }

    @Test
    void aViewStoredBeforeTheFoldingBlockIsRebuiltByTheReplayAndAnErasedOneStaysErased() {
        // Written by a hand-made consumer before the folding block: no version, no applied-event ids. A service's new
        // folding group replays the log from the beginning, so the old content is not kept (it would count twice).
        mongo.insert(new Document("_id", "con_old").append("kinds", new ArrayList<>(List.of("call.logged"))).append("profileVersion", -1L)
                .append("appliedEvents", List.of("e1")), collection);
        mongo.insert(new Document("_id", "con_gone").append("version", 3L).append("erased", true), collection);
        TrailFold fold = new TrailFold();
        List<FoldEvent> replay = List.of(touch(0, "con_old", "call.logged", null), touch(1, "con_old", "meeting.logged", null),
                touch(2, "con_gone", "call.logged", null));
        FoldEngine.Report report = engine.fold(fold, replay, BatchEnds.NONE);

        assertThat(view("con_old").kinds).containsExactly("call.logged", "meeting.logged");
        assertThat(view("con_old").getVersion()).isEqualTo(1);
        assertThat(mongo.findById("con_old", Document.class, collection)).doesNotContainKey("appliedEvents");
        assertThat(report.status(2)).isEqualTo(FoldEngine.Status.FORGOTTEN);
        assertThat(mongo.findById("con_gone", Document.class, collection).getBoolean("erased")).isTrue();
    }

    @Test
    void fieldNamesOfAnyTextAreSafe() {
        for (String s : List.of("", "a.b", "$set", "100%", "x$y", "día.1")) {
            assertThat(FieldNames.unescape(FieldNames.escape(s))).isEqualTo(s);
            assertThat(FieldNames.escape(s)).doesNotContain(".").doesNotStartWith("$");
        }
    }
}
