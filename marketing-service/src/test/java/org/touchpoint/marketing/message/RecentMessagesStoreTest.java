package org.touchpoint.marketing.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.touchpoint.kit.test.TestInfrastructure;

/** The frequency cap's per-customer log, on mongo-java-server: by _id only, and only messages that exist and count. */
class RecentMessagesStoreTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final MongoClient client = MongoClients.create(TestInfrastructure.mongoUri());
    private final MongoTemplate mongo = new MongoTemplate(client, "recent_messages_" + UUID.randomUUID().toString().substring(0, 8));
    private final RecentMessagesStore store = new RecentMessagesStore(mongo);

    @AfterEach
    void tearDown() {
        mongo.getDb().drop();
        client.close();
    }

    private void queue(String id, Instant at, String status) {
        store.record("con_1", id, at);
        Message m = Message.queue(id, "cmp_" + id, "Campaña", "cross-sell", "con_1", null, Message.EMAIL, "a@b.example", null, null, null, at);
        mongo.insert(m);
        if (status != null) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("status", status), Message.class);
        }
    }

    @Test
    void countsTheCustomersLiveMessagesWithinThePeriod() {
        queue("msg_old", NOW.minusSeconds(8 * 86400), null);
        queue("msg_sent", NOW.minusSeconds(3600), Message.SENT);
        queue("msg_queued", NOW, null);
        queue("msg_failed", NOW, Message.FAILED);
        queue("msg_cancelled", NOW, Message.CANCELLED);
        store.record("con_1", "msg_never_written", NOW); // the process died before the message was written

        assertThat(store.countSince("con_1", NOW.minusSeconds(7 * 86400))).isEqualTo(2);
        assertThat(store.countSince("con_2", NOW.minusSeconds(7 * 86400))).isZero();

        store.forget(List.of("con_1"));
        assertThat(store.countSince("con_1", NOW.minusSeconds(7 * 86400))).isZero();
    }

    @Test
    void keepsABoundedLog() {
        for (int i = 0; i < RecentMessagesStore.KEPT + 20; i++) {
            store.record("con_1", "msg_" + i, NOW);
        }
        assertThat(mongo.findById("con_1", org.bson.Document.class, RecentMessagesStore.COLLECTION).getList("messages", Object.class))
                .hasSize(RecentMessagesStore.KEPT);
    }
}
