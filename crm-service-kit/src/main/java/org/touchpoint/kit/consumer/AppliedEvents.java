package org.touchpoint.kit.consumer;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Exactly-once effect for at-least-once delivery, in ONE single-document write: the update is applied
 * only if the event id is not already among the ids the document remembers ({@value #FIELD}, a bounded
 * window of the most recent ids), and the id is recorded by the same write. A redelivered event matches
 * nothing, the upsert then collides on {@code _id}, and nothing changes.
 *
 * <p>A view document can also be {@linkplain #forget forgotten} (its customer was deleted or erased): it is
 * reduced to a marker that no later or redelivered event brings back to life.
 */
public class AppliedEvents {

    public static final String FIELD = "appliedEvents";
    public static final String FORGOTTEN = "forgotten";

    private final MongoTemplate mongo;
    private final int window;

    public AppliedEvents(MongoTemplate mongo, int window) {
        this.mongo = mongo;
        this.window = window;
    }

    /**
     * Applies {@code update} to the document {@code id} of {@code collection} (creating it if missing) unless
     * {@code eventId} was applied already or the document was forgotten.
     *
     * @return true if applied now, false if it had been applied before or the document is forgotten
     */
    public boolean applyOnce(String collection, String id, String eventId, Update update) {
        Query notYet = Query.query(Criteria.where("_id").is(id).and(FIELD).ne(eventId).and(FORGOTTEN).ne(true));
        update.push(FIELD).slice(-window).each(eventId);
        for (int attempt = 1; ; attempt++) {
            try {
                mongo.findAndModify(notYet, update, FindAndModifyOptions.options().upsert(true), org.bson.Document.class, collection);
                return true;
            } catch (DuplicateKeyException collision) {
                // The document exists but did not match: either this event was applied, or the document is
                // forgotten, or another event created it a moment ago (then the retry matches it).
                Query settled = Query.query(Criteria.where("_id").is(id)
                        .orOperator(Criteria.where(FIELD).is(eventId), Criteria.where(FORGOTTEN).is(true)));
                if (mongo.exists(settled, collection)) {
                    return false;
                }
                if (attempt == 2) {
                    throw collision;
                }
            }
        }
    }

    /** Reduces the document to a forgotten marker: its data is gone and no event recreates it. */
    public void forget(String collection, String id) {
        mongo.findAndReplace(Query.query(Criteria.where("_id").is(id)),
                new org.bson.Document("_id", id).append(FORGOTTEN, true),
                org.springframework.data.mongodb.core.FindAndReplaceOptions.options().upsert(), collection);
    }
}
