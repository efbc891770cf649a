package org.touchpoint.marketing.customer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.Consent;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.consumer.KafkaTopicsProperties;
import org.touchpoint.kit.folding.BatchEnds;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.folding.FoldEngine;
import org.touchpoint.kit.folding.FoldEvent;
import org.touchpoint.kit.test.TestInfrastructure;

/**
 * Batches for the folds, as the folding listener hands them over, against the test JVM's mongo-java-server: each test
 * gets a database of its own. Every event is on partition 0 (a customer's records share one partition).
 */
final class FoldBatches implements AutoCloseable {

    static final KafkaTopicsProperties KAFKA = new KafkaTopicsProperties(2, (short) -1, Duration.ofMillis(1), 2.0,
            Duration.ofMillis(5), 2, 256, 0, 500, 8);
    private final MongoClient client = MongoClients.create(TestInfrastructure.mongoUri());
    final MongoTemplate mongo;
    final FoldEngine engine;
    private long offset;

    FoldBatches() {
        mongo = new MongoTemplate(client, "marketing_folds_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        engine = new FoldEngine(mongo, new EmbeddedMongo(mongo, "auto"), Clock.systemUTC(), 256, 8, new SimpleMeterRegistry());
    }

    @Override
    public void close() {
        mongo.getDb().drop();
        client.close();
    }

    FoldEngine.Report fold(org.touchpoint.kit.folding.Fold<?> fold, List<FoldEvent> batch) {
        return engine.fold(fold, batch, ends(batch));
    }

    static BatchEnds ends(List<FoldEvent> batch) {
        BatchEnds ends = new BatchEnds();
        for (FoldEvent e : batch) {
            ends.put(e.topic(), e.partition(), e.offset());
            ends.put(e.isTouch() ? Topics.CUSTOMER_PROFILES : Topics.TOUCHES, e.partition(), -1);
        }
        return ends;
    }

    /** The events as a batch: each with its index, a new offset unless it is a redelivery of the same record. */
    List<FoldEvent> batch(Object... eventsOrRecords) {
        List<FoldEvent> out = new ArrayList<>();
        for (Object o : eventsOrRecords) {
            int i = out.size();
            out.add(switch (o) {
                case FoldEvent e -> new FoldEvent(i, e.topic(), e.partition(), e.offset(), e.customerId(), e.touch(), e.profile());
                case CrmEvent<?> t when t.data() instanceof Touch -> FoldEvent.touch(i, Topics.TOUCHES, 0, offset++, touchOf(t));
                case CrmEvent<?> p -> FoldEvent.profile(i, Topics.CUSTOMER_PROFILES, 0, offset++, p.subject(), profileOf(p));
                case String tombstoneOf -> FoldEvent.profile(i, Topics.CUSTOMER_PROFILES, 0, offset++, tombstoneOf, null);
                default -> throw new IllegalArgumentException(String.valueOf(o));
            });
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static CrmEvent<Touch> touchOf(CrmEvent<?> e) {
        return (CrmEvent<Touch>) e;
    }

    @SuppressWarnings("unchecked")
    private static CrmEvent<CustomerProfile> profileOf(CrmEvent<?> e) {
        return (CrmEvent<CustomerProfile>) e;
    }

    static CrmEvent<CustomerProfile> profile(String id, long version, String accountId, boolean emailConsent, String... tags) {
        Map<String, Consent> consent = Map.of("email", new Consent(emailConsent ? Consent.GRANTED : Consent.WITHDRAWN, Instant.now(), "web-form"),
                "sms", new Consent(Consent.GRANTED, Instant.now(), "web-form"));
        return CrmEvent.profile("customer-service", new CustomerProfile(id, accountId, null, "Nombre" + version, "Apellido",
                "Nombre" + version + " Apellido", null, id.toLowerCase() + "@cliente.example", null, null, null, "customer", consent,
                Arrays.asList(tags), version, Instant.now()), null);
    }

    static CrmEvent<Touch> touch(String service, Touch.Builder touch) {
        return CrmEvent.touch(service, touch.build(), null);
    }

    /** The same event again under another event id (a producer's retry). */
    static CrmEvent<Touch> againUnderAnotherId(CrmEvent<Touch> e) {
        return new CrmEvent<>(UUID.randomUUID().toString(), e.source(), e.type(), e.subject(), e.time(), null, e.data());
    }
}
