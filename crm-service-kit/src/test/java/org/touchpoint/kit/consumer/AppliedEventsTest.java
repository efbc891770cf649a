package org.touchpoint.kit.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.touchpoint.kit.KitSpringTest;

/** The single-write dedupe on mongo-java-server: applied once, and a forgotten view stays forgotten. */
class AppliedEventsTest extends KitSpringTest {

    private static final String VIEWS = "applied_events_test";

    @Autowired
    AppliedEvents applied;
    @Autowired
    MongoTemplate mongo;

    private int count(String id) {
        Document d = mongo.findById(id, Document.class, VIEWS);
        return d == null || d.get("n") == null ? 0 : d.getInteger("n");
    }

    @Test
    void eachEventIsAppliedOnceAndDistinctEventsAllApply() {
        String id = UUID.randomUUID().toString();
        assertThat(applied.applyOnce(VIEWS, id, "e1", new Update().inc("n", 1))).isTrue();
        assertThat(applied.applyOnce(VIEWS, id, "e1", new Update().inc("n", 1))).isFalse();
        assertThat(applied.applyOnce(VIEWS, id, "e2", new Update().inc("n", 1))).isTrue();
        assertThat(count(id)).isEqualTo(2);
    }

    @Test
    void aForgottenViewIsNotBroughtBackByLaterOrRedeliveredEvents() {
        String id = UUID.randomUUID().toString();
        applied.applyOnce(VIEWS, id, "e1", new Update().inc("n", 1).set("name", "Ana"));
        applied.forget(VIEWS, id);

        assertThat(applied.applyOnce(VIEWS, id, "e1", new Update().inc("n", 1))).isFalse();
        assertThat(applied.applyOnce(VIEWS, id, "e3", new Update().inc("n", 1).set("name", "Ana"))).isFalse();
        Document left = mongo.findById(id, Document.class, VIEWS);
        assertThat(left).containsOnlyKeys("_id", AppliedEvents.FORGOTTEN);
    }

    @Test
    void transientStoreFailuresAreToldApartFromBadRecords() {
        assertThat(org.touchpoint.kit.KafkaKitAutoConfiguration.isTransient(new RuntimeException("listener failed",
                new org.springframework.dao.DataAccessResourceFailureException("mongo unreachable")))).isTrue();
        assertThat(org.touchpoint.kit.KafkaKitAutoConfiguration.isTransient(new IllegalStateException("bad record"))).isFalse();
    }
}
