package org.touchpoint.sales.customer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.folding.BatchEnds;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.folding.FoldEngine;
import org.touchpoint.kit.folding.FoldEvent;

/**
 * Drives {@link SalesCustomerFold} through the kit's {@link FoldEngine} on the shared mongo-java-server, without Kafka
 * or Spring: a batch is a list of events as the folding listener hands them over. Each test gets its own database.
 */
abstract class FoldingTestSupport {

    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
    private static MongoClient client;

    MongoTemplate mongo;
    FoldEngine engine;
    SalesCustomerFold fold = new SalesCustomerFold();
    SalesCustomerStore store;
    private String database;
    private long offset;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(org.touchpoint.kit.test.TestInfrastructure.mongoUri());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @BeforeEach
    void setUpStore() {
        database = "sales_fold_" + UUID.randomUUID().toString().replace("-", "");
        mongo = new MongoTemplate(client, database);
        engine = new FoldEngine(mongo, new EmbeddedMongo(mongo, "auto"), Clock.systemUTC(), 64, 4, new SimpleMeterRegistry());
        store = new SalesCustomerStore(mongo);
    }

    @AfterEach
    void dropStore() {
        client.getDatabase(database).drop();
    }

    static CrmEvent<Touch> touch(String source, Touch touch) {
        return CrmEvent.touch(source, touch, null);
    }

    static CrmEvent<CustomerProfile> profile(String customerId, long version, String email) {
        return CrmEvent.profile("customer-service", new CustomerProfile(customerId, "acc_1", "Distribuidora Andina", "Carmen", "Ortega",
                "Carmen Ortega", "Menchu", email, "+34 600 000 000", "Gerente", "user:lucia", "customer", Map.of(), List.of("vip"),
                version, T0), null);
    }

    /** A batch as the listener hands it over: touches, profile snapshots, and tombstones ({@code "tombstone:<id>"}). */
    List<FoldEvent> batch(Object... events) {
        List<FoldEvent> out = new ArrayList<>();
        for (Object e : events) {
            int i = out.size();
            out.add(switch (e) {
                case CrmEvent<?> c when c.data() instanceof Touch -> {
                    @SuppressWarnings("unchecked")
                    CrmEvent<Touch> t = (CrmEvent<Touch>) c;
                    yield FoldEvent.touch(i, Topics.TOUCHES, 0, offset++, t);
                }
                case CrmEvent<?> c -> {
                    @SuppressWarnings("unchecked")
                    CrmEvent<CustomerProfile> p = (CrmEvent<CustomerProfile>) c;
                    yield FoldEvent.profile(i, Topics.CUSTOMER_PROFILES, 0, offset++, p.data().customerId(), p);
                }
                case String s when s.startsWith("tombstone:") ->
                        FoldEvent.profile(i, Topics.CUSTOMER_PROFILES, 0, offset++, s.substring("tombstone:".length()), null);
                default -> throw new IllegalArgumentException("not an event: " + e);
            });
        }
        return out;
    }

    FoldEngine.Report fold(Object... events) {
        List<FoldEvent> batch = batch(events);
        BatchEnds ends = new BatchEnds();
        batch.forEach(e -> ends.put(e.topic(), e.partition(), e.offset()));
        return engine.fold(fold, batch, ends);
    }

    org.bson.Document raw(String collection, String id) {
        return mongo.findById(id, org.bson.Document.class, collection);
    }
}
