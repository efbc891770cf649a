package org.touchpoint.marketing.message;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The campaign messages queued for each customer lately (collection {@value #COLLECTION}, {@code _id} = customer id,
 * the last {@value #KEPT} message ids with their queue time), so the launch's frequency cap is two {@code _id} reads
 * per recipient instead of a query on the messages by customer (a full scan of every message on the embedded store,
 * for every recipient). An entry is written before its message: an entry whose message was never written (a crash,
 * a duplicate) counts for nothing, because the messages themselves are read back by {@code _id} for their status.
 */
@Component
public class RecentMessagesStore {

    static final String COLLECTION = "recent_messages";
    /** Entries kept per customer: far more than any cap (failed and cancelled messages also take a place). */
    static final int KEPT = 100;

    private final MongoTemplate mongo;

    RecentMessagesStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Records that message {@code messageId} is about to be queued for the customer at {@code at}. */
    public void record(String customerId, String messageId, Instant at) {
        mongo.upsert(Query.query(Criteria.where("_id").is(customerId)),
                new Update().push("messages").slice(-KEPT).each(new Document("id", messageId).append("at", Date.from(at))), COLLECTION);
    }

    /** How many of the customer's messages queued at or after {@code since} are queued, being sent or sent. */
    public long countSince(String customerId, Instant since) {
        Document recent = mongo.findById(customerId, Document.class, COLLECTION);
        if (recent == null) {
            return 0;
        }
        List<String> ids = recent.getList("messages", Document.class, List.of()).stream()
                .filter(m -> m.getDate("at") != null && !m.getDate("at").toInstant().isBefore(since))
                .map(m -> m.getString("id")).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        Query q = Query.query(Criteria.where("_id").in(ids)); // _id alone: an index lookup on the embedded store too
        q.fields().include("status");
        return mongo.find(q, Document.class, "messages").stream()
                .filter(m -> !Message.FAILED.equals(m.getString("status")) && !Message.CANCELLED.equals(m.getString("status"))).count();
    }

    /** The customer was erased: nothing of them stays. */
    void forget(List<String> customerIds) {
        mongo.remove(Query.query(Criteria.where("_id").in(customerIds)), COLLECTION);
    }
}
